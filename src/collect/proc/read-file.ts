import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { isGone } from '../../util/errno.js';
import { traceRead, type TracedRead } from '../../util/read-trace.js';

/**
 * Runs one read of /proc; undefined when the file vanished (the process exited, or a saved tree
 * lacks it). @throws every other error (EACCES…)
 */
function unlessGone<T>(kind: TracedRead, path: string, read: (path: string) => T): T | undefined {
  traceRead(kind, path);
  try {
    return read(path);
  } catch (error) {
    if (isGone(error)) return undefined;
    throw error;
  }
}

/** A /proc file as text. */
export const readProcText = (path: string): string | undefined => unlessGone('read', path, (p) => readFileSync(p, 'utf8'));
/** A /proc file as bytes (cmdline, environ). */
export const readProcBytes = (path: string): Buffer | undefined => unlessGone('read', path, (p) => readFileSync(p));
/** A /proc link (fd, exe, cwd, ns/*). */
export const readProcLink = (path: string): string | undefined => unlessGone('readlink', path, (p) => readlinkSync(p));
/** A /proc directory listing (fd/, ns/). */
export const readProcDir = (path: string): string[] | undefined => unlessGone('readdir', path, (p) => readdirSync(p));
