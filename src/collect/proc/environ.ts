import type { ProcessEnvironRow } from '../../types/snapshot.generated.js';
import { splitNulBytes } from './nul-list.js';
import { exactText } from './raw-text.js';

/** Parses /proc/PID/environ: NUL-separated `NAME=value` entries, in order; an entry that is not UTF-8 keeps its bytes in `raw`. */
export function parseEnviron(pid: number, bytes: Uint8Array): ProcessEnvironRow[] {
  return splitNulBytes(bytes).map((entryBytes, position) => {
    const { text: entry, raw } = exactText(entryBytes);
    const eq = entry.indexOf('=');
    return eq < 0
      ? { pid, position, name: entry, value: null, raw }
      : { pid, position, name: entry.slice(0, eq), value: entry.slice(eq + 1), raw };
  });
}
