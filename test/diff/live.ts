/** Live helpers for the diff's engine tests: captures, CLI diffs, and many containers started a few at a time. */
import { execFile, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { capture } from '../../src/capture.js';
import { Engine, startEngine, TEST_IMAGE } from '../helpers/engine.js';
import { runInProcess } from '../helpers/cli.js';

const run = promisify(execFile);

/** Captures `engine` (its API, Docker root and exec root) to `path`. */
export async function captureEngine(engine: Engine, path: string, overrides: { dockerHost?: string } = {}): Promise<string> {
  await capture({
    offline: false,
    force: false,
    output: path,
    dockerHost: overrides.dockerHost ?? engine.info.host,
    dockerRoot: engine.info.dataRoot,
    execRoot: engine.info.execRoot,
    logTailBytes: 65536,
    apiTimeoutMs: 5000,
  });
  return path;
}

/** A private engine of this test file's own, so that no other test's containers come and go between its captures. */
export async function ownEngine(): Promise<Engine> {
  return new Engine(await startEngine(), true);
}

/** Runs one docker command per name, `concurrency` at a time. */
async function dockerEach(engine: Engine, names: readonly string[], args: (name: string) => string[], concurrency: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const name = names[next++] as string;
      await run('docker', ['-H', engine.info.host, ...args(name)], { env: { ...process.env, DOCKER_CONFIG: join(engine.info.dir, 'client') } });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** `docker run -d` of many sleeping containers (network none), `concurrency` at a time. */
export async function runSleepers(engine: Engine, names: readonly string[], concurrency = 4): Promise<void> {
  await dockerEach(engine, names, (name) => ['run', '-d', '--name', name, '--network', 'none', TEST_IMAGE, 'sleep', '100000'], concurrency);
}

/** `docker rm -f` a few at a time: one `rm -f` of hundreds of containers at once can leave the daemon stuck. */
export async function removeContainers(engine: Engine, names: readonly string[], concurrency = 4): Promise<void> {
  await dockerEach(engine, names, (name) => ['rm', '-f', name], concurrency);
}

/** Makes `target` hold the very image `source` has (ids equal), as two hosts pulling one image would. */
export function shareTestImage(source: Engine, target: Engine): void {
  const saved = execFileSyncBuffer('docker', ['-H', source.info.host, 'save', TEST_IMAGE]);
  target.docker(['rmi', TEST_IMAGE]);
  target.docker(['load'], saved);
}

/** The image tar is binary: read as a Buffer. */
function execFileSyncBuffer(command: string, args: string[]): Buffer {
  return execFileSync(command, args, { maxBuffer: 512 * 1024 * 1024 });
}

export interface DiffJsonEntry {
  readonly entity_kind: string;
  readonly entity_key: string;
  readonly container: string | null;
  readonly path: string;
  readonly kind: string;
  readonly old: unknown;
  readonly new: unknown;
  readonly group: string;
  readonly rule: string | null;
}

/** `docksnap diff … --format json`, parsed, with the exit code. */
export async function diffJson(args: readonly string[]): Promise<{ code: number; entries: DiffJsonEntry[]; stdout: string; stderr: string }> {
  const result = await runInProcess(['diff', ...args, '--format', 'json']);
  return { ...result, entries: result.code === 2 ? [] : (JSON.parse(result.stdout) as DiffJsonEntry[]) };
}
