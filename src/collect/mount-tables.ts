import { join } from 'node:path';
import type { MountRow } from '../types/snapshot.generated.js';
import { captureError, captureProblem, type CaptureError } from './errors.js';
import { parseMountinfo, parseMounts } from './proc/mounts.js';
import type { CapturedProcess } from './processes.js';
import { readProcText } from './proc/read-file.js';

/**
 * Reads the mount table of each mount namespace once, through its first captured process.
 * Every shim and daemon process shares the host's namespace, whose table grows with every
 * running container: read per process, the tables would grow with the square of the host.
 */
export function readMountTables(procRoot: string, processes: readonly CapturedProcess[]): { mounts: MountRow[]; errors: CaptureError[] } {
  const readerOf = new Map<string, number>();
  for (const p of processes) if (!readerOf.has(p.mnt_ns)) readerOf.set(p.mnt_ns, p.pid);
  const mounts: MountRow[] = [];
  const errors: CaptureError[] = [];
  for (const [mntNs, pid] of readerOf) {
    const dir = join(procRoot, String(pid));
    try {
      const mountinfo = readProcText(procRoot, `${pid}/mountinfo`, 'procTable');
      // Kernels before 2.6.26, and saved trees of them, have only the older mounts table.
      const mountsText = mountinfo === undefined ? readProcText(procRoot, `${pid}/mounts`, 'procTable') : undefined;
      if (mountinfo !== undefined) mounts.push(...parseMountinfo(mntNs, mountinfo));
      else if (mountsText !== undefined) mounts.push(...parseMounts(mntNs, mountsText));
      else errors.push(captureProblem('proc', `pid ${pid}`, join(dir, 'mountinfo'), 'ENOENT', 'no mount table (ENOENT): the process exited, or a saved tree lacks it'));
    } catch (error) {
      errors.push(captureError('proc', `pid ${pid}`, join(dir, 'mountinfo'), error));
    }
  }
  return { mounts, errors };
}
