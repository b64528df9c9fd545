import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { InputError } from '../errors.js';
import { describeError } from './errno.js';

/** A file the user named is not a regular file (a FIFO, a device, a socket, a directory). */
export class NotRegularFileError extends InputError {}

/** Flags for opening an input file: never block on a FIFO or a device that nobody feeds. */
const INPUT_OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK;

/**
 * Reads the first `length` bytes of a file the user named (a snapshot, a bundle) and its size.
 * It is opened non-blocking and fstat'ed before any read, so a FIFO or a device is refused at
 * once instead of hanging or streaming without end.
 * @throws NotRegularFileError for anything but a regular file; InputError when it cannot be opened.
 */
export function readInputHead(path: string, length: number): { head: Buffer; size: number } {
  const fd = openInputFile(path);
  try {
    const stat = fstatSync(fd);
    const head = Buffer.alloc(Math.min(length, stat.size));
    const read = head.length === 0 ? 0 : readSync(fd, head, 0, head.length, 0);
    return { head: head.subarray(0, read), size: stat.size };
  } finally {
    closeSync(fd);
  }
}

/**
 * Opens a file the user named for reading, non-blocking, and checks it is a regular file.
 * @returns the open descriptor; the caller closes it.
 * @throws NotRegularFileError, or InputError when it cannot be opened.
 */
export function openInputFile(path: string): number {
  let fd: number;
  try {
    fd = openSync(path, INPUT_OPEN_FLAGS);
  } catch (error) {
    throw new InputError(path, `cannot be read: ${describeError(error)}`, { cause: error });
  }
  try {
    assertRegular(path, fstatSync(fd));
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  return fd;
}

/** @throws NotRegularFileError naming what the file is instead. */
export function assertRegular(path: string, stat: Stats): void {
  if (stat.isFile()) return;
  const kind = stat.isDirectory()
    ? 'a directory'
    : stat.isFIFO()
      ? 'a FIFO'
      : stat.isCharacterDevice()
        ? 'a character device'
        : stat.isBlockDevice()
          ? 'a block device'
          : stat.isSocket()
            ? 'a socket'
            : 'not a plain file';
  throw new NotRegularFileError(path, `is ${kind}, not a regular file; give a snapshot or bundle file`);
}
