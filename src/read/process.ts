import { InputError } from '../errors.js';
import type { SnapshotDb } from '../store/open.js';
import type { ProcessRow } from '../types/snapshot.generated.js';
import { processDetail, type ProcessDetail } from './container.js';
import { PeerIndex, type FdContext } from './fd-peers.js';
import { readProcessRecords } from './process-records.js';

/** One link of a process's chain of parents: a captured process, or the first parent the capture did not keep. */
export interface ParentLink {
  readonly pid: number;
  readonly captured: boolean;
  readonly role: string | null;
  readonly comm: string | null;
  readonly argv: string[];
  readonly container: string | null;
  /** For a parent not captured: what the snapshot still knows of it (a container's init pid). */
  readonly note: string | null;
}

/** Everything the snapshot holds about one process (`show --process`, `show --daemon`). */
export interface ProcessView extends Omit<ProcessDetail, 'fds'> {
  readonly role: string;
  readonly container_id: string | null;
  /** The container's name, or its short id when it has none (2013). */
  readonly container: string | null;
  /** Parents from the direct one up to pid 1 (or to the first one not captured). */
  readonly parents: ParentLink[];
  readonly fds: (ProcessDetail['fds'][number] & FdContext)[];
}

/** @throws InputError when the snapshot holds no process `pid` */
export function readProcessView(db: SnapshotDb, pid: number, peers: PeerIndex = new PeerIndex(db)): ProcessView {
  const row = db.get<ProcessRow>('SELECT * FROM processes WHERE pid = ?', pid);
  if (!row) throw new InputError(`pid ${pid}`, `is not a process of ${db.path} (only the daemon's processes and the containers' are captured)`);
  const detail = processDetail(db, row);
  return {
    ...detail,
    role: row.role,
    container_id: row.container_id,
    container: peers.containerLabel(row.container_id),
    parents: readParents(row, (ppid) => db.get<ProcessRow>('SELECT * FROM processes WHERE pid = ?', ppid), (ppid) => uncapturedNote(db, ppid, peers), peers),
    fds: detail.fds.map((f) => ({ ...f, ...peers.context(pid, f) })),
  };
}

/** Every captured process as `show --process` has it, read with one query per table (the report reads them all). */
export function readProcessViews(db: SnapshotDb, peers: PeerIndex): Map<number, ProcessView> {
  const records = readProcessRecords(db);
  const rows = new Map(db.all<ProcessRow>('SELECT * FROM processes').map((r) => [r.pid, r]));
  const views = new Map<number, ProcessView>();
  // Most chains end at the same few uncaptured pids (init, a container's recorded pid).
  const notes = new Map<number, string>();
  const uncaptured = (ppid: number): string => {
    let note = notes.get(ppid);
    if (note === undefined) notes.set(ppid, (note = uncapturedNote(db, ppid, peers)));
    return note;
  };
  for (const record of records) {
    const row = rows.get(record.pid);
    if (!row) continue;
    views.set(record.pid, {
      ...record,
      role: row.role,
      container_id: row.container_id,
      container: peers.containerLabel(row.container_id),
      parents: readParents(row, (ppid) => rows.get(ppid), uncaptured, peers),
      fds: record.fds.map((f) => ({ ...f, ...peers.context(record.pid, f) })),
    });
  }
  return views;
}

/** The pid of the captured dockerd (or, failing that, of the only process whose role is dockerd). @throws InputError when there is none */
export function capturedDaemonPid(db: SnapshotDb): number {
  const pid =
    db.get<{ pid: number }>("SELECT d.pid FROM daemons d JOIN processes p ON p.pid = d.pid WHERE d.captured = 1 ORDER BY d.pid LIMIT 1")?.pid ??
    db.get<{ pid: number }>("SELECT pid FROM processes WHERE role = 'dockerd' ORDER BY pid LIMIT 1")?.pid;
  if (pid === undefined) throw new InputError(db.path, 'holds no dockerd process (an offline capture without a saved /proc, or no daemon was running)');
  return pid;
}

function readParents(row: ProcessRow, lookup: (pid: number) => ProcessRow | undefined, uncaptured: (pid: number) => string, peers: PeerIndex): ParentLink[] {
  const chain: ParentLink[] = [];
  const seen = new Set([row.pid]);
  let ppid = row.ppid;
  while (ppid !== null && ppid > 0 && !seen.has(ppid)) {
    seen.add(ppid);
    const parent = lookup(ppid);
    if (!parent) {
      chain.push({ pid: ppid, captured: false, role: null, comm: null, argv: [], container: null, note: uncaptured(ppid) });
      break;
    }
    chain.push({ pid: parent.pid, captured: true, role: parent.role, comm: parent.comm, argv: parseArgv(parent.argv), container: peers.containerLabel(parent.container_id), note: null });
    ppid = parent.ppid;
  }
  return chain;
}

function uncapturedNote(db: SnapshotDb, pid: number, peers: PeerIndex): string {
  const container = db.get<{ id: string }>('SELECT id FROM containers WHERE pid = ? ORDER BY running DESC LIMIT 1', pid);
  if (container) return `not captured: the recorded pid of container ${peers.containerLabel(container.id)} (its init, or lxc-start before Docker 0.9)`;
  return pid === 1 ? 'not captured: init' : 'not captured: neither a daemon process nor in a container';
}

export function parseArgv(text: string): string[] {
  try {
    const value = JSON.parse(text) as unknown;
    return Array.isArray(value) ? value.map(String) : [];
  } catch {
    return [];
  }
}
