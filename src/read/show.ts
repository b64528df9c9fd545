import type { SnapshotDb } from '../store/open.js';
import { countRows, readCaptureErrors, readSnapshotMeta, type CaptureErrorView, type SnapshotMeta } from './meta.js';
import { parseStoredStrings } from './stored-json.js';

export interface ContainerSummary {
  readonly id: string;
  readonly name: string | null;
  readonly image: string | null;
  readonly image_id: string | null;
  readonly state: string;
  readonly pid: number | null;
  readonly started_at: string | null;
}

export interface DaemonProcessSummary {
  readonly pid: number;
  readonly ppid: number | null;
  readonly role: string;
  readonly comm: string | null;
  readonly argv: string[];
}

export interface DaemonSummary {
  readonly pid: number;
  readonly captured: boolean;
  readonly data_root: string | null;
  readonly exec_root: string | null;
  readonly hosts: string[];
}

export interface ShowReport {
  readonly snapshot: SnapshotMeta;
  readonly counts: Readonly<Record<(typeof COUNTED_TABLES)[number], number>>;
  readonly daemons: DaemonSummary[];
  readonly daemon_processes: DaemonProcessSummary[];
  readonly containers: ContainerSummary[];
  readonly capture_errors: CaptureErrorView[];
}

const COUNTED_TABLES = ['containers', 'processes', 'process_fds', 'sockets', 'images', 'volumes', 'networks', 'capture_error'] as const;

/** What `docksnap show SNAP` reports: the capture, its daemon and its containers. */
export function readShowReport(db: SnapshotDb): ShowReport {
  const counts = Object.fromEntries(COUNTED_TABLES.map((table) => [table, countRows(db, table)])) as ShowReport['counts'];
  const daemons = db
    .all<{ pid: number; captured: number; data_root: string | null; exec_root: string | null; hosts: string }>(
      'SELECT pid, captured, data_root, exec_root, hosts FROM daemons ORDER BY captured DESC, pid',
    )
    .map((d) => ({ ...d, captured: d.captured === 1, hosts: parseStoredStrings(db, 'daemons.hosts', d.hosts) }));
  const daemonProcesses = db
    .all<{ pid: number; ppid: number | null; role: string; comm: string | null; argv: string }>(
      "SELECT pid, ppid, role, comm, argv FROM processes WHERE role <> 'container' ORDER BY pid",
    )
    .map((p) => ({ ...p, argv: parseStoredStrings(db, 'processes.argv', p.argv) }));
  const containers = db.all<ContainerSummary>(
    'SELECT id, name, image_name AS image, image_id, state, pid, started_at FROM containers ORDER BY name, id',
  );
  return {
    snapshot: readSnapshotMeta(db),
    counts,
    daemons,
    daemon_processes: daemonProcesses,
    containers,
    capture_errors: readCaptureErrors(db),
  };
}
