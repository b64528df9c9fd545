import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError, OperationError } from '../errors.js';
import { openSnapshotDb, type SnapshotDb } from '../store/open.js';

/** Running from TypeScript sources (tests): the child needs the same loader flags (tsx). */
const SOURCE_EXT = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
const EXTRACT_MAIN = fileURLToPath(new URL(`./extract-main.${SOURCE_EXT}`, import.meta.url));
const LOADER_FLAGS = /^--(import|require|loader|experimental-loader)(=|$)/;

/**
 * Opens the snapshot inside a bundle: snapshot.db is extracted and verified into a private
 * temporary directory (mode 0700), checked as a docksnap snapshot, and the directory is removed
 * on close. openSnapshot() is synchronous for its callers while tar-stream is not, so the
 * extraction runs in a child process, which also keeps a hostile bundle's parsing out of this one.
 * @throws InputError when the bundle is not valid, is hostile, or holds no valid snapshot.
 */
export function openBundleSnapshot(path: string): SnapshotDb {
  const dir = mkdtempSync(join(tmpdir(), 'docksnap-bundle-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    const target = join(dir, 'snapshot.db');
    extractInChild(path, target);
    const db = openSnapshotDb(target);
    process.once('exit', remove);
    return {
      ...db,
      path,
      close: () => {
        db.close();
        remove();
        process.removeListener('exit', remove);
      },
    };
  } catch (error) {
    remove();
    throw error;
  }
}

function extractInChild(bundle: string, target: string): void {
  const loader = SOURCE_EXT === 'ts' ? loaderArgs(process.execArgv) : [];
  const child = spawnSync(process.execPath, [...loader, EXTRACT_MAIN, bundle, target], { encoding: 'utf8', maxBuffer: 1024 * 1024 });
  const last = child.stdout?.trim().split('\n').at(-1) ?? '';
  let result: { ok: boolean; what?: string; why?: string; exitCode?: number } | undefined;
  try {
    result = JSON.parse(last) as typeof result;
  } catch {
    result = undefined;
  }
  if (result?.ok) return;
  if (result?.what !== undefined && result.why !== undefined) {
    throw result.exitCode === 1 ? new OperationError(result.what, result.why) : new InputError(result.what, result.why);
  }
  const reason = child.error?.message ?? child.stderr?.trim().split('\n')[0] ?? `exit ${child.status}`;
  throw new OperationError(bundle, `could not be extracted: ${reason}`);
}

function loaderArgs(execArgv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i] ?? '';
    if (!LOADER_FLAGS.test(arg)) continue;
    kept.push(arg);
    if (!arg.includes('=') && execArgv[i + 1] !== undefined) kept.push(execArgv[++i] ?? '');
  }
  return kept;
}
