import { lstatSync, readlinkSync, type Stats } from 'node:fs';
import { posix } from 'node:path';
import { readCapped, readRange, withRegularFile } from './bounded-read.js';
import { errnoCode } from './errno.js';
import { READ_LIMITS } from './read-limits.js';
import { traceRead } from './read-trace.js';

export { NotRegularFileError, OversizedFileError } from './bounded-read.js';

/**
 * The one reader for host data: every byte docksnap takes from a /proc tree or an engine root (a
 * Docker root, an exec root, a container rootfs on a mounted disk) comes through here.
 * - Paths resolve inside the root: symbolic links are followed as if the root were `/` (an
 *   absolute target is taken relative to the root and `..` stops at it), so no link leads out.
 * - Files are opened O_RDONLY|O_NOFOLLOW|O_NONBLOCK (O_NOATIME where permitted), fstat'ed and
 *   refused unless regular (bounded-read.ts), then read up to a cap per kind (read-limits.ts).
 * Link-like entries of the live /proc (exe, cwd, root, fd/*, ns/*) are only ever readlink'ed by
 * the proc readers, never opened through.
 */

export class RootEscapeError extends Error {
  readonly code = 'ELOOP';
}

/**
 * The host path of `path` (absolute, interpreted inside `root`) with every symlink resolved
 * inside the root. When a component does not exist, the rest cannot exist either: the path of
 * that component joined with the remaining names (no `..`) is returned, inside the root, and the
 * caller's open reports ENOENT.
 * @throws RootEscapeError (code ELOOP) after too many links; fs errors of lstat other than ENOENT.
 */
export function resolveInRoot(root: string, path: string): string {
  const pending = splitPath(path);
  const resolved: string[] = [];
  let hops = 0;
  while (pending.length > 0) {
    const part = pending.shift()!;
    if (part === '..') {
      resolved.pop();
      continue;
    }
    const candidate = posix.join(root, ...resolved, part);
    let stat: Stats;
    traceRead('lstat', candidate);
    try {
      stat = lstatSync(candidate);
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return posix.join(candidate, ...pending.filter((name) => name !== '..'));
      throw error;
    }
    if (!stat.isSymbolicLink()) {
      resolved.push(part);
      continue;
    }
    if (++hops > READ_LIMITS.linkHops) throw new RootEscapeError(`too many symbolic links under ${root}: ${path}`);
    traceRead('readlink', candidate);
    const target = readlinkSync(candidate);
    if (target.startsWith('/')) resolved.length = 0;
    pending.unshift(...splitPath(target));
  }
  return posix.join(root, ...resolved);
}

function splitPath(path: string): string[] {
  return path.split('/').filter((part) => part !== '' && part !== '.');
}

export interface ReadResult {
  readonly path: string;
  readonly bytes: Buffer;
  readonly stat: Stats;
}

/** How a read treats the file: its cap, and whether to lstat before opening (see withRegularFile). */
export interface ReadOptions {
  readonly cap?: number;
  /** False only for the live procfs, which holds no device nodes or FIFOs. */
  readonly lstatFirst?: boolean;
}

/**
 * Reads a regular file under `root`, whole, when it is at most `cap` bytes (default READ_LIMITS.config).
 * @throws OversizedFileError, NotRegularFileError, RootEscapeError, fs errors (ENOENT, EACCES, EISDIR)
 */
export function readFileInRoot(root: string, path: string, options: ReadOptions = {}): ReadResult {
  return readResolvedFile(resolveInRoot(root, path), options);
}

/**
 * Reads only the last `tailBytes` of a file under `root` (a log of any size costs one seek).
 * @throws NotRegularFileError, RootEscapeError, fs errors
 */
export function readTailInRoot(root: string, path: string, tailBytes: number): ReadResult & { offset: number } {
  return readResolvedTail(resolveInRoot(root, path), tailBytes);
}

/**
 * Reads a regular file at a host path whose directories the caller already resolved inside its
 * root (a directory cache); the last component is not followed, so a link there fails with
 * ELOOP and the caller falls back to readFileInRoot.
 * @throws OversizedFileError, NotRegularFileError, fs errors (ENOENT, ELOOP for a link, EISDIR)
 */
export function readResolvedFile(hostPath: string, options: ReadOptions = {}): ReadResult {
  const cap = options.cap ?? READ_LIMITS.config;
  return withRegularFile(hostPath, options.lstatFirst ?? true, (fd, stat) => {
    traceRead('read', hostPath);
    return { path: hostPath, bytes: readCapped(fd, stat, hostPath, cap), stat };
  });
}

/** readTailInRoot for a host path resolved by the caller (see readResolvedFile). @throws as readResolvedFile */
export function readResolvedTail(hostPath: string, tailBytes: number): ReadResult & { offset: number } {
  const wanted = Math.min(tailBytes, READ_LIMITS.logTail);
  return withRegularFile(hostPath, true, (fd, stat) => {
    traceRead('tail', `${wanted}\t${hostPath}`);
    const offset = Math.max(0, stat.size - wanted);
    return { path: hostPath, bytes: readRange(fd, offset, stat.size - offset), stat, offset };
  });
}
