import { NotRegularFileError, readInputHead } from '../util/input-file.js';

export type BundleKind = 'gzip' | 'tar';

/**
 * Whether a file is a bundle, by its magic: gzip (1f 8b) or a POSIX tar header (`ustar` at
 * offset 257). Undefined for anything else, including a file that cannot be read.
 * @throws NotRegularFileError for a FIFO, a device or a directory: never opened blocking.
 */
export function detectBundleKind(path: string): BundleKind | undefined {
  let head: Buffer;
  try {
    head = readInputHead(path, 263).head;
  } catch (error) {
    if (error instanceof NotRegularFileError) throw error;
    return undefined;
  }
  const length = head.length;
  if (length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (length >= 262 && head.toString('latin1', 257, 262) === 'ustar') return 'tar';
  return undefined;
}
