/**
 * A private Docker engine for tests: its own data root, exec root and socket in a temporary
 * directory, no bridge, no iptables, never /var/run/docker.sock. Images are built with
 * `docker import` from busybox-static; nothing is ever pulled. Containers run with network
 * none or host only.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { buildBusyboxImageTar } from './busybox-image.js';
import { isAlive, pidsWhere, unmountUnder } from './own-processes.js';

export { isAlive };

export const TEST_IMAGE = 'docksnap-test/busybox:latest';

/** Environment variable through which the test runner hands its engine to the test files. */
export const ENGINE_ENV = 'DOCKSNAP_TEST_ENGINE';
/** Outside CI, setting this to 1 skips the integration tests instead of failing them. */
export const OPT_OUT_ENV = 'DOCKSNAP_TEST_NO_ENGINE';

export interface EngineInfo {
  readonly dir: string;
  readonly socket: string;
  readonly host: string;
  readonly dataRoot: string;
  readonly execRoot: string;
  readonly pidfile: string;
  readonly pid: number;
}

export interface RunOptions {
  readonly network?: 'none' | 'host';
  /** Extra `docker run` flags placed before the image (env, memory, mounts, labels). */
  readonly flags?: readonly string[];
  /** Create the container without starting it. */
  readonly createOnly?: boolean;
}

export class Engine {
  readonly info: EngineInfo;
  /** True when this process started the engine and must stop it. */
  readonly owned: boolean;

  constructor(info: EngineInfo, owned: boolean) {
    this.info = info;
    this.owned = owned;
  }

  /** Runs the docker CLI against this engine; returns trimmed stdout. @throws Error with docker's stderr */
  docker(args: readonly string[], input?: Buffer): string {
    const result = spawnSync('docker', ['-H', this.info.host, ...args], {
      input,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, DOCKER_CONFIG: join(this.info.dir, 'client') },
    });
    if (result.error) throw result.error;
    if (result.status !== 0) throw new Error(`docker ${args.join(' ')} failed (${result.status}): ${result.stderr.trim()}`);
    return result.stdout.trim();
  }

  /** Starts (or creates) a container of the test image; returns its full id. */
  run(name: string, command: readonly string[], options: RunOptions = {}): string {
    const network = options.network ?? 'none';
    const verb = options.createOnly ? ['create'] : ['run', '-d'];
    return this.docker([...verb, '--name', name, '--network', network, ...(options.flags ?? []), TEST_IMAGE, ...command]);
  }

  inspect<T = Record<string, unknown>>(nameOrId: string): T {
    const parsed = JSON.parse(this.docker(['inspect', nameOrId])) as T[];
    const first = parsed[0];
    if (!first) throw new Error(`docker inspect ${nameOrId}: no result`);
    return first;
  }

  /** Removes the named containers, ignoring ones already gone. */
  remove(...names: string[]): void {
    if (names.length === 0) return;
    spawnSync('docker', ['-H', this.info.host, 'rm', '-f', ...names], { encoding: 'utf8' });
  }

  /** Stops the engine if this process started it: containers, daemon, shims, mounts, directory. */
  async stop(): Promise<void> {
    if (!this.owned) return;
    await stopEngine(this.info);
  }
}

/** A unique container name for one test: `<prefix>-<6 hex>`. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString('hex')}`;
}

/**
 * The engine for this test file: the runner's shared engine when it passed one, else a private
 * engine started now (stopped by `engine.stop()`). Returns a skip reason instead when the
 * developer opted out outside CI.
 * @throws Error saying why the engine cannot start (not root, no dockerd, daemon failed).
 */
export async function useEngine(): Promise<Engine | { skip: string }> {
  const shared = process.env[ENGINE_ENV];
  if (shared) return new Engine(JSON.parse(shared) as EngineInfo, false);
  if (process.env[OPT_OUT_ENV] === '1' && !process.env['CI']) {
    return { skip: `private Docker engine disabled by ${OPT_OUT_ENV}=1` };
  }
  return new Engine(await startEngine(), true);
}

/**
 * Starts a private dockerd in a new temporary directory and imports the test image. `extraArgs`
 * add to its command line (a TLS listener on 127.0.0.1 beside the private socket).
 * @throws Error naming the reason when it cannot (not root, dockerd missing, daemon failed to answer).
 */
export async function startEngine(extraArgs: readonly string[] = []): Promise<EngineInfo> {
  ensureDockerInstalled();
  const dir = mkdtempSync(join(tmpdir(), 'dsk-engine-'));
  const info: EngineInfo = {
    dir,
    socket: join(dir, 'docker.sock'),
    host: `unix://${join(dir, 'docker.sock')}`,
    dataRoot: join(dir, 'data'),
    execRoot: join(dir, 'exec'),
    pidfile: join(dir, 'docker.pid'),
    pid: 0,
  };
  const log = openSync(join(dir, 'dockerd.log'), 'a');
  const child = spawn(
    'dockerd',
    [
      '--bridge=none',
      '--iptables=false',
      '--ip6tables=false',
      '--ip-masq=false',
      '-H',
      info.host,
      '--data-root',
      info.dataRoot,
      '--exec-root',
      info.execRoot,
      '--pidfile',
      info.pidfile,
      ...extraArgs,
    ],
    { detached: true, stdio: ['ignore', log, log] },
  );
  closeSync(log);
  child.unref();
  const started: EngineInfo = { ...info, pid: child.pid ?? 0 };
  try {
    await waitForDaemon(started, child);
    const engine = new Engine(started, true);
    engine.docker(['import', '-', TEST_IMAGE], await buildBusyboxImageTar());
  } catch (error) {
    await stopEngine(started);
    throw error;
  }
  return started;
}

/**
 * dockerd, docker and /bin/busybox come from Debian packages: when one is missing, .ci/run
 * (the one list of what the tests install, with the reason for each) says what it installs and
 * why before it does, or fails in one line naming the packages (not root, no apt-get).
 */
function ensureDockerInstalled(): void {
  if (commandExists('dockerd') && commandExists('docker') && existsSync('/bin/busybox')) return;
  const script = fileURLToPath(new URL('../../.ci/run', import.meta.url));
  const result = spawnSync('bash', [script, '--packages-only'], { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  const said = result.stderr?.trim() ?? '';
  if (said) process.stderr.write(`${said}\n`);
  if (result.status !== 0) throw new Error(said.split('\n').at(-1) || `${script} --packages-only failed`);
}

function commandExists(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/** Waits until the daemon answers on its socket. @throws Error when it exits first or does not answer within 60 s */
export async function waitForDaemon(info: EngineInfo, child: ReturnType<typeof spawn>): Promise<void> {
  let exited: number | null = null;
  child.once('exit', (code) => (exited = code ?? -1));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited !== null) throw new Error(`dockerd exited with ${exited}: ${tailOfLog(info)}`);
    if (existsSync(info.socket)) {
      const ping = spawnSync('docker', ['-H', info.host, 'version', '--format', '{{.Server.Version}}'], { encoding: 'utf8' });
      if (ping.status === 0) return;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`dockerd did not answer on ${info.socket} within 60 s: ${tailOfLog(info)}`);
}

function tailOfLog(info: EngineInfo): string {
  try {
    return readFileSync(join(info.dir, 'dockerd.log'), 'utf8').trim().split('\n').slice(-3).join(' | ');
  } catch {
    return '(no log)';
  }
}

/**
 * Stops what startEngine started and leaves nothing mounted or running. Every step is bounded:
 * a daemon that stops answering (dockerd 20.10 has hung removing hundreds of containers at once)
 * is stopped by its pid, and what it leaves — shims naming our exec root, processes in our
 * containers' cgroups — is killed by pid.
 */
export async function stopEngine(info: EngineInfo): Promise<void> {
  if (info.pid > 0 && isAlive(info.pid)) {
    const listed = spawnSync('docker', ['-H', info.host, 'ps', '-aq'], { encoding: 'utf8', timeout: 30_000 });
    const ids = listed.stdout?.trim().split('\n').filter(Boolean) ?? [];
    // A few at a time, each batch bounded, and all of it bounded: one `rm -f` of hundreds of
    // containers once left dockerd stuck. What is left is stopped with the daemon, by pid.
    const removalDeadline = Date.now() + 180_000;
    for (let i = 0; i < ids.length && Date.now() < removalDeadline; i += 16) {
      const removed = spawnSync('docker', ['-H', info.host, 'rm', '-f', ...ids.slice(i, i + 16)], { stdio: 'ignore', timeout: 60_000 });
      if (removed.error) break;
    }
    process.kill(info.pid, 'SIGTERM');
    await waitForExit(info.pid, 30_000);
  }
  for (const pid of [...processesMentioning(info.execRoot), ...processesInContainersOf(info.dataRoot)]) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  unmountUnder(info.dir);
  rmSync(info.dir, { recursive: true, force: true });
}

/** Processes whose cgroup names a container of this engine's data root. */
export function processesInContainersOf(dataRoot: string): number[] {
  let ids: string[];
  try {
    ids = readdirSync(join(dataRoot, 'containers')).filter((id) => /^[0-9a-f]{64}$/.test(id));
  } catch {
    return [];
  }
  if (ids.length === 0) return [];
  return pidsWhere((pid) => {
    const cgroup = readFileSync(`/proc/${pid}/cgroup`, 'utf8');
    return ids.some((id) => cgroup.includes(id));
  });
}

async function waitForExit(pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

function processesMentioning(text: string): number[] {
  return pidsWhere((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text));
}
