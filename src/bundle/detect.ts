import { closeSync, openSync, readSync } from 'node:fs';

export type BundleKind = 'gzip' | 'tar';

/**
 * Whether a file is a bundle, by its magic: gzip (1f 8b) or a POSIX tar header (`ustar` at
 * offset 257). Undefined for anything else, including a file that cannot be read.
 */
export function detectBundleKind(path: string): BundleKind | undefined {
  const head = Buffer.alloc(263);
  let length = 0;
  try {
    const fd = openSync(path, 'r');
    try {
      length = readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
  if (length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (length >= 262 && head.toString('latin1', 257, 262) === 'ustar') return 'tar';
  return undefined;
}
