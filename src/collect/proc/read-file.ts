import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { isGone } from '../../util/errno.js';
import { traceRead } from '../../util/read-trace.js';

/** Reads a /proc file as text; undefined when it vanished (the process exited). @throws other errors (EACCES…) */
export function readProcText(path: string): string | undefined {
  traceRead('read', path);
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (isGone(error)) return undefined;
    throw error;
  }
}

/** Reads a /proc file as bytes; undefined when it vanished. @throws other errors */
export function readProcBytes(path: string): Buffer | undefined {
  traceRead('read', path);
  try {
    return readFileSync(path);
  } catch (error) {
    if (isGone(error)) return undefined;
    throw error;
  }
}

/** Reads a /proc link (fd, exe, cwd, ns/*); undefined when it vanished. @throws other errors */
export function readProcLink(path: string): string | undefined {
  traceRead('readlink', path);
  try {
    return readlinkSync(path);
  } catch (error) {
    if (isGone(error)) return undefined;
    throw error;
  }
}

/** Lists a /proc directory (fd/, ns/); undefined when it vanished. @throws other errors */
export function readProcDir(path: string): string[] | undefined {
  traceRead('readdir', path);
  try {
    return readdirSync(path);
  } catch (error) {
    if (isGone(error)) return undefined;
    throw error;
  }
}
