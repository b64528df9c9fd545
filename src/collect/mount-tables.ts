import { join } from 'node:path';
import type { MountRow } from '../types/snapshot.generated.js';
import { captureError, captureProblem, type CaptureError } from './errors.js';
import { parseMountinfo, parseMounts } from './proc/mounts.js';
import type { CapturedProcess } from './processes.js';
import { readProcBytes } from './proc/read-file.js';
import { runSteps, type Steps } from '../util/steps.js';

/**
 * Reads the mount table of each mount namespace once, through one of its captured processes.
 * Every shim and daemon process shares the host's namespace, whose table grows with every
 * running container: read per process, the tables would grow with the square of the host.
 * A process that exited since the scan is replaced by the next one of the same namespace; when
 * none can be read, one capture_error names the namespace (subject `mnt_ns <ns>`), so that diff
 * reports its mounts as unknown, not removed.
 */
export function readMountTables(procRoot: string, processes: readonly CapturedProcess[]): MountTables {
  return runSteps(readMountTablesSteps(procRoot, processes));
}

type MountTables = { mounts: MountRow[]; errors: CaptureError[] };

/** readMountTables in steps of one namespace (see util/steps.ts). */
export function* readMountTablesSteps(procRoot: string, processes: readonly CapturedProcess[]): Steps<MountTables> {
  const readersOf = new Map<string, number[]>();
  for (const p of processes) readersOf.set(p.mnt_ns, [...(readersOf.get(p.mnt_ns) ?? []), p.pid]);
  const mounts: MountRow[] = [];
  const errors: CaptureError[] = [];
  for (const [mntNs, pids] of readersOf) {
    let failure: CaptureError | undefined;
    for (const pid of pids) {
      const read = readMountTable(procRoot, mntNs, pid);
      if (Array.isArray(read)) {
        mounts.push(...read);
        failure = undefined;
        break;
      }
      failure = read;
    }
    if (failure) {
      const tried = pids.length === 1 ? `pid ${pids[0]}` : `${pids.length} processes (pids ${pids.slice(0, 8).join(', ')}${pids.length > 8 ? '…' : ''})`;
      errors.push({ ...failure, subject: `mnt_ns ${mntNs}`, message: `mount table unknown: ${tried} of the namespace could not be read; last: ${failure.message}` });
    }
    yield;
  }
  return { mounts, errors };
}

/** The table as seen by `pid`: mountinfo, else (kernels before 2.6.26, and saved trees of them) mounts; a capture error when neither. */
function readMountTable(procRoot: string, mntNs: string, pid: number): MountRow[] | CaptureError {
  const path = join(procRoot, String(pid), 'mountinfo');
  try {
    const mountinfo = readProcBytes(procRoot, `${pid}/mountinfo`, 'procTable')?.toString('latin1');
    if (mountinfo !== undefined) return parseMountinfo(mntNs, mountinfo);
    const mountsText = readProcBytes(procRoot, `${pid}/mounts`, 'procTable')?.toString('latin1');
    if (mountsText !== undefined) return parseMounts(mntNs, mountsText);
    return captureProblem('proc', `pid ${pid}`, path, 'ENOENT', 'no mount table (ENOENT): the process exited, or a saved tree lacks it');
  } catch (error) {
    return captureError('proc', `pid ${pid}`, path, error);
  }
}
