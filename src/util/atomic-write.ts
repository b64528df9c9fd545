import { closeSync, fsyncSync, linkSync, lstatSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError, OperationError } from '../errors.js';
import { describeError, errnoCode } from './errno.js';
import { cleanUpOnInterrupt } from './interrupt.js';

export interface AtomicWriteOptions {
  /** Replace an existing target; without it an existing target is an InputError and is left untouched. */
  readonly force: boolean;
}

/**
 * Checks, before any work is done, that `target` can be created: its directory exists and,
 * unless forced, nothing is there yet. The final commit checks again, atomically.
 * @throws InputError when the target exists (without force), is a directory, or its directory is missing.
 */
export function assertTargetWritable(target: string, options: AtomicWriteOptions): void {
  const path = resolve(target);
  const existing = lstatOrUndefined(path);
  if (existing?.isDirectory()) throw new InputError(target, 'is a directory; give a file name');
  if (existing && !options.force) throw new InputError(target, 'already exists; use --force to replace it');
  const dir = statOrUndefined(dirname(path));
  if (!dir?.isDirectory()) throw new InputError(target, `directory ${dirname(path)} does not exist`);
}

/**
 * Produces a file atomically: `produce` writes a fresh, empty, mode-0600 temporary file in the
 * target's directory; the file is then fsynced, moved into place, and its directory fsynced, so
 * a file reported written survives a crash. On any failure, and on SIGINT, SIGTERM or SIGHUP,
 * the temporary file (and any SQLite journal beside it) is removed and the target is untouched.
 * @throws InputError when the target exists and force is off; whatever `produce` throws.
 */
export async function writeAtomically<T>(
  target: string,
  options: AtomicWriteOptions,
  produce: (tempPath: string) => Promise<T> | T,
): Promise<T> {
  assertTargetWritable(target, options);
  const path = resolve(target);
  const tempPath = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const removeTemp = () => {
    for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${tempPath}${suffix}`, { force: true });
  };
  const unregister = cleanUpOnInterrupt(removeTemp);
  try {
    try {
      closeSync(openSync(tempPath, 'wx', 0o600));
    } catch (error) {
      throw new InputError(target, `cannot be written in ${dirname(path)}: ${describeError(error)}`, { cause: error });
    }
    const result = await produce(tempPath);
    syncFile(tempPath);
    moveIntoPlace(tempPath, path, target, options);
    // The rename (or link) is durable only once the directory holding it is on disk too.
    syncFile(dirname(path));
    return result;
  } finally {
    removeTemp();
    unregister();
  }
}

function moveIntoPlace(tempPath: string, path: string, shownAs: string, options: AtomicWriteOptions): void {
  if (options.force) {
    renameSync(tempPath, path);
    return;
  }
  try {
    // link() fails with EEXIST instead of replacing: the no-overwrite check and the move are one step.
    linkSync(tempPath, path);
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'EEXIST') throw new InputError(shownAs, 'already exists; use --force to replace it');
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') {
      throw new OperationError(shownAs, `cannot be written: ${describeError(error)}`, { cause: error });
    }
    // File systems without hard links: check, then rename (a narrow race, but never a silent overwrite of an older file).
    if (lstatOrUndefined(path)) throw new InputError(shownAs, 'already exists; use --force to replace it');
    renameSync(tempPath, path);
  }
}

function syncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
