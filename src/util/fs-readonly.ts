import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, readlinkSync, type Stats } from 'node:fs';
import { posix } from 'node:path';
import { errnoCode } from './errno.js';
import { traceRead } from './read-trace.js';

/**
 * Read-only access to files under a root (a Docker root, an exec root, a container rootfs on a
 * mounted disk). Symbolic links are resolved as if the root were `/`: an absolute target is taken
 * relative to the root and `..` stops at it, so no link leads out of the root onto the host.
 * Files are opened O_RDONLY|O_NOFOLLOW, with O_NOATIME where permitted, so reading leaves no trace.
 */

const MAX_LINK_HOPS = 40;

export class RootEscapeError extends Error {
  readonly code = 'ELOOP';
}

/**
 * The host path of `path` (absolute, interpreted inside `root`) with every symlink resolved
 * inside the root. A missing final component is allowed (the caller's open reports ENOENT).
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
      if (errnoCode(error) === 'ENOENT') return posix.join(candidate, ...pending);
      throw error;
    }
    if (!stat.isSymbolicLink()) {
      resolved.push(part);
      continue;
    }
    if (++hops > MAX_LINK_HOPS) throw new RootEscapeError(`too many symbolic links under ${root}: ${path}`);
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

/**
 * Reads a regular file under `root`, at most `maxBytes` from its start.
 * @throws fs errors (ENOENT, EACCES, EISDIR for a non-regular file), RootEscapeError
 */
export function readFileInRoot(root: string, path: string, maxBytes = Number.MAX_SAFE_INTEGER): ReadResult {
  return withFile(root, path, (fd, stat, hostPath) => {
    traceRead('read', hostPath);
    return { path: hostPath, bytes: readRange(fd, 0, Math.min(stat.size, maxBytes)), stat };
  });
}

/**
 * Reads only the last `tailBytes` of a file under `root` (a log of any size costs one seek).
 * @throws fs errors, RootEscapeError
 */
export function readTailInRoot(root: string, path: string, tailBytes: number): ReadResult & { offset: number } {
  return withFile(root, path, (fd, stat, hostPath) => {
    traceRead('tail', `${tailBytes}\t${hostPath}`);
    const offset = Math.max(0, stat.size - tailBytes);
    return { path: hostPath, bytes: readRange(fd, offset, stat.size - offset), stat, offset };
  });
}

/**
 * Reads a regular file at a host path whose directories the caller already resolved inside its
 * root (a directory cache); the last component is opened O_NOFOLLOW, so a link there fails with
 * ELOOP and the caller falls back to readFileInRoot.
 * @throws fs errors (ENOENT, ELOOP for a link, EISDIR for a non-regular file)
 */
export function readResolvedFile(hostPath: string, maxBytes = Number.MAX_SAFE_INTEGER): ReadResult {
  return withOpenFile(hostPath, (fd, stat) => {
    traceRead('read', hostPath);
    return { path: hostPath, bytes: readRange(fd, 0, Math.min(stat.size, maxBytes)), stat };
  });
}

/** readTailInRoot for a host path resolved by the caller (see readResolvedFile). @throws fs errors */
export function readResolvedTail(hostPath: string, tailBytes: number): ReadResult & { offset: number } {
  return withOpenFile(hostPath, (fd, stat) => {
    traceRead('tail', `${tailBytes}\t${hostPath}`);
    const offset = Math.max(0, stat.size - tailBytes);
    return { path: hostPath, bytes: readRange(fd, offset, stat.size - offset), stat, offset };
  });
}

function withFile<T>(root: string, path: string, use: (fd: number, stat: Stats, hostPath: string) => T): T {
  const hostPath = resolveInRoot(root, path);
  return withOpenFile(hostPath, (fd, stat) => use(fd, stat, hostPath));
}

function withOpenFile<T>(hostPath: string, use: (fd: number, stat: Stats) => T): T {
  const fd = openReadOnly(hostPath);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw Object.assign(new Error(`${hostPath} is not a regular file`), { code: 'EISDIR' });
    return use(fd, stat);
  } finally {
    closeSync(fd);
  }
}

let noAtimeAllowed = true;

function openReadOnly(path: string): number {
  const flags = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
  if (noAtimeAllowed) {
    try {
      return openSync(path, flags | constants.O_NOATIME);
    } catch (error) {
      // O_NOATIME needs file ownership or CAP_FOWNER; without it, fall back to a plain read-only open.
      if (errnoCode(error) !== 'EPERM') throw error;
      noAtimeAllowed = false;
    }
  }
  return openSync(path, flags);
}

function readRange(fd: number, offset: number, length: number): Buffer {
  const buffer = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buffer, done, length - done, offset + done);
    if (n === 0) break;
    done += n;
  }
  return done === length ? buffer : buffer.subarray(0, done);
}
