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
  /** engines.id of the engine holding it; docker for a version-1 snapshot (one Docker engine). */
  readonly engine: string;
}

export interface EngineSummary {
  readonly id: string;
  readonly kind: string;
  readonly version: string | null;
  readonly data_root: string;
  readonly run_root: string | null;
  readonly endpoint: string | null;
  readonly api_answered: boolean;
  readonly pid: number | null;
  readonly storage_driver: string | null;
  readonly state_db: string | null;
  readonly container_count: number;
}

export interface UnattributedProcess {
  readonly pid: number;
  readonly container_id: string | null;
  readonly comm: string | null;
  readonly argv: string[];
}

export interface DaemonProcessSummary {
  readonly pid: number;
  readonly ppid: number | null;
  readonly role: string;
  readonly engine_id: string | null;
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

/** One line of the uid_map or gid_map of an engine's daemon in a user namespace of its own (rootless Docker). */
export interface IdMapSummary {
  readonly engine_id: string;
  readonly pid: number;
  readonly kind: 'uid' | 'gid';
  readonly inside_id: number;
  readonly outside_id: number;
  readonly count: number;
}

export interface ShowReport {
  readonly snapshot: SnapshotMeta;
  readonly counts: Readonly<Record<(typeof COUNTED_TABLES)[number], number>>;
  readonly engines: EngineSummary[];
  readonly id_maps: IdMapSummary[];
  readonly daemons: DaemonSummary[];
  readonly daemon_processes: DaemonProcessSummary[];
  readonly containers: ContainerSummary[];
  readonly unattributed_processes: UnattributedProcess[];
  readonly capture_errors: CaptureErrorView[];
}

const COUNTED_TABLES = ['containers', 'processes', 'process_fds', 'sockets', 'images', 'volumes', 'networks', 'capture_error'] as const;

/** What `docksnap show SNAP` reports: the capture, its engines, daemon and containers, and processes of no engine. */
export function readShowReport(db: SnapshotDb): ShowReport {
  const counts = Object.fromEntries(COUNTED_TABLES.map((table) => [table, countRows(db, table)])) as ShowReport['counts'];
  const daemons = db
    .all<{ pid: number; captured: number; data_root: string | null; exec_root: string | null; hosts: string }>(
      'SELECT pid, captured, data_root, exec_root, hosts FROM daemons ORDER BY captured DESC, pid',
    )
    .map((d) => ({ ...d, captured: d.captured === 1, hosts: parseStoredStrings(db, 'daemons.hosts', d.hosts) }));
  const daemonProcesses = db
    .all<{ pid: number; ppid: number | null; role: string; engine_id: string | null; comm: string | null; argv: string }>(
      "SELECT pid, ppid, role, engine_id, comm, argv FROM processes WHERE role NOT IN ('container', 'unattributed') ORDER BY pid",
    )
    .map((p) => ({ ...p, argv: parseStoredStrings(db, 'processes.argv', p.argv) }));
  const containers = db.all<ContainerSummary>(
    "SELECT id, name, image_name AS image, image_id, state, pid, started_at, coalesce(engine_id, 'docker') AS engine FROM containers ORDER BY name, id",
  );
  const engines = db
    .all<Omit<EngineSummary, 'api_answered'> & { api_answered: number }>('SELECT * FROM engines ORDER BY kind, id')
    .map((e) => ({ ...e, api_answered: e.api_answered === 1 }));
  const unattributed = db
    .all<{ pid: number; container_id: string | null; comm: string | null; argv: string }>(
      "SELECT pid, container_id, comm, argv FROM processes WHERE role = 'unattributed' ORDER BY container_id, pid",
    )
    .map((p) => ({ ...p, argv: JSON.parse(p.argv) as string[] }));
  return {
    snapshot: readSnapshotMeta(db),
    counts,
    engines,
    id_maps: db.all<IdMapSummary>('SELECT engine_id, pid, kind, inside_id, outside_id, count FROM engine_id_maps ORDER BY engine_id, kind DESC, inside_id'),
    daemons,
    daemon_processes: daemonProcesses,
    containers,
    unattributed_processes: unattributed,
    capture_errors: readCaptureErrors(db),
  };
}
