import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, type Stats } from 'node:fs';
import { errnoCode } from './errno.js';
import { READ_LIMITS, formatBytes } from './read-limits.js';

/**
 * The open-and-read half of the one reader for host data (fs-readonly.ts resolves the path):
 * a file is opened O_RDONLY|O_NOFOLLOW|O_NONBLOCK (O_NOATIME where permitted), fstat'ed, refused
 * unless it is a regular file, and read up to a cap. A FIFO cannot block, a link to /dev/zero
 * cannot fill memory, and a file over its cap is hashed by streaming instead of being held.
 */

/** A FIFO, device or socket where a regular file was expected: it is never read. */
export class NotRegularFileError extends Error {
  readonly code = 'not-regular-file';
  constructor(
    readonly path: string,
    readonly fileType: string,
  ) {
    super(`${path} is a ${fileType}, not a regular file: not read`);
  }
}

/** A regular file larger than the cap for its kind: its size and (streamed) hash, never its bytes. */
export class OversizedFileError extends Error {
  readonly code = 'oversized';
  constructor(
    readonly path: string,
    readonly size: number,
    readonly cap: number,
    /** Hex SHA-256 of the whole file; null when it is larger than READ_LIMITS.hashStream. */
    readonly sha256: string | null,
    readonly stat: Stats,
  ) {
    super(`${path} is ${formatBytes(size)}, over the ${formatBytes(cap)} cap: size${sha256 ? ' and sha256' : ''} kept, content not read`);
  }
}

export function fileTypeOf(stat: Stats): string {
  if (stat.isFIFO()) return 'FIFO';
  if (stat.isCharacterDevice()) return 'character device';
  if (stat.isBlockDevice()) return 'block device';
  if (stat.isSocket()) return 'socket';
  if (stat.isSymbolicLink()) return 'symbolic link';
  return 'special file';
}

/**
 * Opens `hostPath` (its last component not followed) and hands `use` the descriptor of a regular file.
 * `lstatFirst`: refuse a non-regular file before opening it, so that opening a device node in a
 * saved tree cannot have the device's side effects (the live procfs has none and skips this).
 * @throws NotRegularFileError; ELOOP when the last component is a link; EISDIR for a directory; fs errors
 */
export function withRegularFile<T>(hostPath: string, lstatFirst: boolean, use: (fd: number, stat: Stats) => T): T {
  if (lstatFirst) {
    const entry = lstatSync(hostPath);
    if (entry.isSymbolicLink()) throw Object.assign(new Error(`${hostPath} is a symbolic link`), { code: 'ELOOP' });
    refuseUnlessRegular(hostPath, entry);
  }
  const fd = openReadOnly(hostPath);
  try {
    const stat = fstatSync(fd);
    refuseUnlessRegular(hostPath, stat);
    return use(fd, stat);
  } finally {
    closeSync(fd);
  }
}

function refuseUnlessRegular(hostPath: string, stat: Stats): void {
  if (stat.isFile()) return;
  if (stat.isDirectory()) throw Object.assign(new Error(`${hostPath} is a directory`), { code: 'EISDIR' });
  throw new NotRegularFileError(hostPath, fileTypeOf(stat));
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

/**
 * The whole file, when it is at most `cap` bytes. Files that report size 0 (procfs, sysfs) are
 * read to their end, still never past the cap.
 * @throws OversizedFileError
 */
export function readCapped(fd: number, stat: Stats, hostPath: string, cap: number): Buffer {
  if (stat.size > cap) throw oversized(fd, stat, hostPath, cap, stat.size);
  if (stat.size > 0) return readRange(fd, 0, stat.size);
  // Unsized files are read into one reused buffer and copied out at their length: a fresh 8 KiB
  // buffer per file cost more than the read itself on a host with thousands of fds.
  let done = 0;
  for (;;) {
    if (done === unsized.length) {
      if (done > cap) throw oversized(fd, stat, hostPath, cap, done);
      const grown = Buffer.allocUnsafe(Math.min(unsized.length * 2, cap + 1));
      unsized.copy(grown, 0, 0, done);
      unsized = grown;
    }
    const n = readSync(fd, unsized, done, Math.min(unsized.length, cap + 1) - done, null);
    if (n === 0) break;
    done += n;
    if (done > cap) throw oversized(fd, stat, hostPath, cap, done);
  }
  const bytes = Buffer.from(unsized.subarray(0, done));
  // A huge environ or mount table grows the buffer for its read only; it is not kept that large.
  if (unsized.length > UNSIZED_KEPT) unsized = Buffer.allocUnsafe(UNSIZED_KEPT);
  return bytes;
}

/** The size of the buffer unsized files are read into between reads. */
const UNSIZED_KEPT = 64 * 1024;
let unsized = Buffer.allocUnsafe(UNSIZED_KEPT);

/** `length` bytes from `offset` (fewer if the file is shorter by now). */
export function readRange(fd: number, offset: number, length: number): Buffer {
  const buffer = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buffer, done, length - done, offset + done);
    if (n === 0) break;
    done += n;
  }
  return done === length ? buffer : buffer.subarray(0, done);
}

/** Streams the rest of an oversized file through SHA-256 in 1 MiB chunks, up to READ_LIMITS.hashStream. */
function oversized(fd: number, stat: Stats, hostPath: string, cap: number, seen: number): OversizedFileError {
  const hash = createHash('sha256');
  const chunk = Buffer.allocUnsafe(1024 * 1024);
  let total = 0;
  // Sized files are hashed from the start by offset; unsized ones (procfs) were consumed: the size is what was seen.
  if (stat.size > 0) {
    while (total <= READ_LIMITS.hashStream) {
      const n = readSync(fd, chunk, 0, chunk.length, total);
      if (n === 0) break;
      hash.update(chunk.subarray(0, n));
      total += n;
    }
    const size = Math.max(stat.size, total);
    return new OversizedFileError(hostPath, size, cap, total > READ_LIMITS.hashStream ? null : hash.digest('hex'), stat);
  }
  let size = seen;
  for (let n = readSync(fd, chunk, 0, chunk.length, null); n > 0 && size <= READ_LIMITS.hashStream; n = readSync(fd, chunk, 0, chunk.length, null)) size += n;
  return new OversizedFileError(hostPath, size, cap, null, stat);
}
