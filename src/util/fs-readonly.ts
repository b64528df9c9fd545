import { closeSync, constants, fstatSync, lstatSync, opendirSync, openSync, readdirSync, readSync, readlinkSync, type Stats } from 'node:fs';
import { createHash, hash as oneShotHash } from 'node:crypto';
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
    traceRead('lstat', candidate);
    const stat = lstatSync(candidate, { throwIfNoEntry: false });
    if (stat === undefined) return posix.join(candidate, ...pending.filter((name) => name !== '..'));
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

/**
 * lstat, or undefined when nothing is there (ENOENT, or ENOTDIR: a component is not a directory).
 * Cheaper than catching: a walk looks up many names that do not exist.
 * @throws fs errors other than ENOENT and ENOTDIR
 */
export function lstatIfPresent(path: string): Stats | undefined {
  try {
    return lstatSync(path, { throwIfNoEntry: false });
  } catch (error) {
    if (errnoCode(error) === 'ENOTDIR') return undefined;
    throw error;
  }
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

/**
 * readResolvedFile of `hostPath`, the host path the caller resolved for `path` under `root` (a
 * directory cache); when its last component is a link (ELOOP), `path` is resolved again in full
 * and the link followed inside the root.
 * @throws as readFileInRoot
 */
export function readResolvedInRoot(root: string, path: string, hostPath: string, options: ReadOptions = {}): ReadResult {
  try {
    return readResolvedFile(hostPath, options);
  } catch (error) {
    if (errnoCode(error) !== 'ELOOP') throw error;
    return readFileInRoot(root, path, options);
  }
}

/** readTailInRoot for a host path resolved by the caller (see readResolvedFile). @throws as readResolvedFile */
export function readResolvedTail(hostPath: string, tailBytes: number, lstatFirst = true): ReadResult & { offset: number } {
  const wanted = Math.min(tailBytes, READ_LIMITS.logTail);
  return withRegularFile(hostPath, lstatFirst, (fd, stat) => {
    traceRead('tail', `${wanted}\t${hostPath}`);
    const offset = Math.max(0, stat.size - wanted);
    return { path: hostPath, bytes: readRange(fd, offset, stat.size - offset), stat, offset };
  });
}

/** A directory held open for the whole of its listing; `${via}/${name}` names its entry `name` with no path to re-walk. */
export interface PinnedDirectory {
  readonly via: string;
  /** The next entry's name (never . or ..), null at the end. */
  next(): string | null;
  close(): void;
}

/**
 * A directory whose size (st_size, which grows with its entries on ext4, xfs, btrfs and tmpfs) is
 * at most this is listed in one call; a larger one, or one whose file system reports no size, is
 * streamed, so a directory of millions of entries never has all its names in memory at once.
 */
const SMALL_DIRECTORY_BYTES = 64 * 1024;

/**
 * Opens a directory for listing without following a link at any step: `hostPath` must be a real
 * path (no symbolic link in it); the directory is opened O_NOFOLLOW and the path the kernel gives
 * its descriptor must equal `hostPath`, so a directory swapped for a link between listing and
 * opening (a running container writes its own layer) is refused with ELOOP, never followed. Its
 * entries are then reached through the descriptor (`via`), so a parent swapped later cannot
 * redirect them either.
 * @throws fs errors (ENOENT, ENOTDIR, ELOOP)
 */
export function openDirectoryPinned(hostPath: string): PinnedDirectory {
  traceRead('readdir', hostPath);
  const fd = openSync(hostPath, constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const via = `/proc/self/fd/${fd}`;
    const actual = readlinkSync(via);
    if (actual !== hostPath) throw new RootEscapeError(`${hostPath} moved while it was opened (now ${actual})`);
    const size = fstatSync(fd).size;
    if (size > 0 && size <= SMALL_DIRECTORY_BYTES) {
      // One scandir through the descriptor: cheaper than a Dir, whose every instance costs Node two promisified wrappers.
      const names = readdirSync(via);
      let index = 0;
      return { via, next: () => names[index++] ?? null, close: () => closeSync(fd) };
    }
    const dir = opendirSync(via);
    return {
      via,
      next: () => dir.readSync()?.name ?? null,
      close: () => {
        dir.closeSync();
        closeSync(fd);
      },
    };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

export interface HashResult {
  readonly stat: Stats;
  /** Hex SHA-256 of the whole file; null when it is larger than the cap (or grew past it while read). */
  readonly sha256: string | null;
  /** Bytes read and hashed. */
  readonly bytesHashed: number;
  /** The file's first bytes (up to 4), for its magic number. */
  readonly head: Buffer;
}

const hashBuffer = Buffer.allocUnsafe(64 * 1024);

/**
 * Hashes a regular file (the last component of `path` is never followed: use a pinned
 * directory's `via`), reading at most `maxBytes` in 64 KiB chunks: a file of any size costs
 * bounded memory, and one over the cap is not read past its first bytes. Opened
 * O_NOFOLLOW|O_NONBLOCK, so a FIFO or device is never read and never blocks. The caller traces
 * the read under the file's host path (`via` paths mean nothing to a replay).
 * @throws fs errors (ENOENT, ELOOP for a link, EISDIR for a non-regular file)
 */
export function hashFileNoFollow(path: string, maxBytes: number): HashResult {
  return withRegularFile(path, false, (fd, stat) => {
    if (stat.size > maxBytes) return { stat, sha256: null, bytesHashed: 0, head: readRange(fd, 0, Math.min(4, stat.size)) };
    const wanted = (offset: number) => Math.min(hashBuffer.length, maxBytes + 1 - offset);
    const first = readSync(fd, hashBuffer, 0, wanted(0), 0);
    const head = Buffer.from(hashBuffer.subarray(0, Math.min(4, first)));
    if (first > maxBytes) return { stat, sha256: null, bytesHashed: first, head };
    // A short read of a regular file is its end: most files fit one chunk and are hashed in one
    // call, with no Hash object whose native state would wait for a garbage collection.
    if (first < wanted(0)) return { stat, sha256: oneShotHash('sha256', hashBuffer.subarray(0, first), 'hex'), bytesHashed: first, head };
    const hash = createHash('sha256').update(hashBuffer.subarray(0, first));
    let offset = first;
    for (;;) {
      const n = readSync(fd, hashBuffer, 0, wanted(offset), offset);
      if (n === 0) break;
      offset += n;
      if (offset > maxBytes) return { stat, sha256: null, bytesHashed: offset, head };
      hash.update(hashBuffer.subarray(0, n));
    }
    return { stat, sha256: hash.digest('hex'), bytesHashed: offset, head };
  });
}
