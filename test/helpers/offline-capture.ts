import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { copyFixture, treeChecksums } from './copy-fixture.js';
import { runInProcess } from './cli.js';

export const SNAPSHOTS = new URL('../../snapshots/', import.meta.url).pathname;

export interface OfflineCapture {
  /** The temporary copy that was captured (docker-root/ and, when present, proc/ and containerd-root/). */
  readonly tree: string;
  readonly snapshot: string;
  /** Asserts that nothing under the copied tree changed during the capture. */
  readonly assertUnchanged: () => void;
}

/**
 * Copies a fixture tree into workDir (see copyFixture), lets `alter` change the copy, and
 * captures it offline through the CLI (docker-root/, plus proc/ and containerd-root/ when present:
 * the system containerd's root beside a Docker root that uses the containerd image store).
 */
export async function captureFixture(source: string, workDir?: string, alter?: (tree: string) => void): Promise<OfflineCapture> {
  const tree = copyFixture(source, workDir);
  alter?.(tree);
  const before = treeChecksums(tree);
  const snapshot = join(dirname(tree), 'capture.db');
  const optional = (dir: string, option: string) => (existsSync(join(tree, dir)) ? [option, join(tree, dir)] : []);
  const roots = ['--docker-root', join(tree, 'docker-root'), ...optional('proc', '--proc-root'), ...optional('containerd-root', '--containerd-root')];
  const result = await runInProcess(['capture', '--offline', ...roots, '-o', snapshot, '--quiet']);
  assert.equal(result.code, 0, result.stderr);
  return { tree, snapshot, assertUnchanged: () => assert.deepEqual(treeChecksums(tree), before, 'the capture wrote under the roots') };
}

/** Runs a docksnap command that prints JSON and returns it parsed. */
export async function cliJson(args: readonly string[]): Promise<unknown> {
  const result = await runInProcess(args);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout) as unknown;
}

/** Replaces what depends on the run: times, tool version, and the temporary directory of the copy. */
export function normalizeShow(value: unknown, tree: string): unknown {
  const show = JSON.parse(JSON.stringify(value).split(tree).join('<tree>')) as { snapshot: Record<string, unknown> };
  show.snapshot['started_at'] = '<time>';
  show.snapshot['finished_at'] = '<time>';
  show.snapshot['tool_version'] = '<version>';
  return show;
}
