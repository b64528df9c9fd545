import type { TableInserts } from '../types/snapshot.generated.js';
import type { CaptureError } from './errors.js';
import { readProcess, type ProcessCapture, type ProcessChildRows, type ProcessChildTable, type ProcessRole } from './proc/process.js';
import type { ProcessIdentity } from './proc/scan.js';
import { readSockets } from './sockets.js';
import { readMountTables } from './mount-tables.js';

type Rows<T extends keyof TableInserts> = TableInserts[T][];

export interface ProcessTables extends ProcessChildRows {
  readonly processes: Rows<'processes'>;
  readonly mounts: Rows<'mounts'>;
  readonly sockets: Rows<'sockets'>;
  readonly errors: CaptureError[];
}

export type ProgressListener = (done: number, total: number) => void;

/**
 * Reads every process of interest in full, then the sockets of their network namespaces.
 * Progress counts containers whose processes are all read.
 */
export function captureProcesses(
  procRoot: string,
  processes: readonly ProcessIdentity[],
  roles: ReadonlyMap<number, ProcessRole>,
  onProgress?: ProgressListener,
): ProcessTables {
  const chosen = processes.filter((p) => roles.has(p.pid));
  // Daemon processes first, then container by container, so progress advances per container.
  chosen.sort((a, b) => (roles.get(a.pid)?.container_id ?? '').localeCompare(roles.get(b.pid)?.container_id ?? '') || a.pid - b.pid);
  const containers = new Set(chosen.map((p) => roles.get(p.pid)?.container_id).filter((id) => id));
  const captures: ProcessCapture[] = [];
  let done = 0;
  chosen.forEach((identity, index) => {
    const role = roles.get(identity.pid)!;
    captures.push(readProcess(procRoot, identity, role));
    const next = chosen[index + 1];
    if (role.container_id && roles.get(next?.pid ?? -1)?.container_id !== role.container_id) onProgress?.(++done, containers.size);
  });
  const sockets = readSockets(procRoot, captures);
  const mounts = readMountTables(procRoot, captures);
  return {
    processes: captures.map((c) => c.process),
    ...concatChildRows(captures),
    mounts: mounts.mounts,
    sockets: sockets.sockets,
    errors: [...captures.flatMap((c) => c.errors), ...mounts.errors, ...sockets.errors],
  };
}

const CHILD_TABLES: readonly ProcessChildTable[] = ['process_fds', 'process_cgroups', 'process_namespaces', 'process_limits', 'process_environ'];

function concatChildRows(captures: readonly ProcessCapture[]): ProcessChildRows {
  return Object.fromEntries(CHILD_TABLES.map((table) => [table, captures.flatMap((c): readonly object[] => c[table])])) as unknown as ProcessChildRows;
}
