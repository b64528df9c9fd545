import type { SnapshotSink } from '../store/write.js';
import type { Steps } from '../util/steps.js';
import type { CaptureError } from './errors.js';
import { readMountTablesSteps } from './mount-tables.js';
import { readProcess, type ProcessRole } from './proc/process.js';
import type { ProcessIdentity } from './proc/scan.js';
import { readSocketsSteps } from './sockets.js';

export type ProgressListener = (done: number, total: number) => void;

/** What is kept of a process once its rows are in the sink: its namespaces and the sockets it holds. */
export interface CapturedProcess {
  readonly pid: number;
  readonly net_ns: string | null;
  readonly mnt_ns: string;
  readonly socketInodes: readonly number[];
}

/**
 * Reads every process of interest in full, handing its rows to the sink one process at a time,
 * then the mount tables and sockets of their namespaces, in steps of one process or namespace
 * (util/steps.ts). Progress counts containers whose processes are all read. Returns the capture errors.
 */
export function* captureProcesses(
  procRoot: string,
  processes: readonly ProcessIdentity[],
  roles: ReadonlyMap<number, ProcessRole>,
  sink: SnapshotSink,
  onProgress?: ProgressListener,
): Steps<{ processCount: number; errors: CaptureError[] }> {
  const chosen = processes.filter((p) => roles.has(p.pid));
  // Daemon processes first, then container by container, so progress advances per container.
  chosen.sort((a, b) => (roles.get(a.pid)?.container_id ?? '').localeCompare(roles.get(b.pid)?.container_id ?? '') || a.pid - b.pid);
  const containers = new Set(chosen.map((p) => roles.get(p.pid)?.container_id).filter((id) => id));
  const captured: CapturedProcess[] = [];
  const errors: CaptureError[] = [];
  let done = 0;
  for (const [index, identity] of chosen.entries()) {
    const role = roles.get(identity.pid)!;
    const capture = readProcess(procRoot, identity, role);
    sink.add('processes', [capture.process]);
    sink.add('process_fds', capture.process_fds);
    sink.add('process_cgroups', capture.process_cgroups);
    sink.add('process_namespaces', capture.process_namespaces);
    sink.add('process_limits', capture.process_limits);
    sink.add('process_environ', capture.process_environ);
    errors.push(...capture.errors);
    captured.push({
      pid: identity.pid,
      net_ns: capture.process.net_ns,
      mnt_ns: capture.process.mnt_ns,
      socketInodes: capture.process_fds.filter((fd) => fd.kind === 'socket' && fd.inode !== null).map((fd) => fd.inode as number),
    });
    const next = chosen[index + 1];
    if (role.container_id && roles.get(next?.pid ?? -1)?.container_id !== role.container_id) onProgress?.(++done, containers.size);
    yield;
  }
  const mounts = yield* readMountTablesSteps(procRoot, captured);
  sink.add('mounts', mounts.mounts);
  const sockets = yield* readSocketsSteps(procRoot, captured);
  sink.add('sockets', sockets.sockets);
  return { processCount: captured.length, errors: [...errors, ...mounts.errors, ...sockets.errors] };
}
