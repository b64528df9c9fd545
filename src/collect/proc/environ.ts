import type { ProcessEnvironRow } from '../../types/snapshot.generated.js';
import { splitNul } from './nul-list.js';

/** Parses /proc/PID/environ: NUL-separated `NAME=value` entries, in order. */
export function parseEnviron(pid: number, bytes: Uint8Array): ProcessEnvironRow[] {
  return splitNul(bytes).map((entry, position) => {
    const eq = entry.indexOf('=');
    return eq < 0
      ? { pid, position, name: entry, value: null }
      : { pid, position, name: entry.slice(0, eq), value: entry.slice(eq + 1) };
  });
}
