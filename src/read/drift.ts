import type { SnapshotDb } from '../store/open.js';
import type { ContainerDriftRow } from '../types/snapshot.generated.js';
import { readSnapshotMeta } from './meta.js';

export type DriftEntry = Omit<ContainerDriftRow, 'container_id' | 'executable' | 'setuid' | 'setgid' | 'world_writable' | 'opaque'> & {
  /** executable, setuid, setgid, world-writable, opaque: the flags set on the entry. */
  readonly flags: string[];
};

export interface DriftReport {
  readonly container: { readonly id: string; readonly name: string | null };
  /** Whether the capture recorded drift: false for --no-drift and for snapshots written before drift existed. */
  readonly captured: boolean;
  readonly entries: DriftEntry[];
  /** The capture errors of this container's drift: caps reached (with counts), layers it could not read. */
  readonly errors: { readonly code: string | null; readonly path: string | null; readonly message: string }[];
}

const FLAGS = ['executable', 'setuid', 'setgid', 'world_writable', 'opaque'] as const;

/** A container's drift, in path order, with the errors that say what is missing from it. */
export function readDrift(db: SnapshotDb, containerId: string): DriftReport {
  const container = db.get<{ id: string; name: string | null }>('SELECT id, name FROM containers WHERE id = ?', containerId) ?? { id: containerId, name: null };
  const errors = db.all<DriftReport['errors'][number]>(
    "SELECT code, path, message FROM capture_error WHERE phase = 'drift' AND (subject = ? OR subject = 'docker root') ORDER BY id",
    `container ${containerId}`,
  );
  if (!hasDriftTable(db) || readSnapshotMeta(db).options['drift'] === false) return { container, captured: false, entries: [], errors };
  const rows = db.all<ContainerDriftRow>('SELECT * FROM container_drift WHERE container_id = ? ORDER BY path', containerId);
  return { container, captured: true, entries: rows.map(driftEntry), errors };
}

/** The drift recorded at one path of a container (its sha256, not its bytes); undefined when none. */
export function readDriftEntry(db: SnapshotDb, containerId: string, path: string): DriftEntry | undefined {
  if (!hasDriftTable(db)) return undefined;
  const row = db.get<ContainerDriftRow>('SELECT * FROM container_drift WHERE container_id = ? AND path = ?', containerId, path);
  return row ? driftEntry(row) : undefined;
}

function driftEntry({ container_id: _id, executable, setuid, setgid, world_writable, opaque, ...rest }: ContainerDriftRow): DriftEntry {
  const set = { executable, setuid, setgid, world_writable, opaque };
  return { ...rest, flags: FLAGS.filter((flag) => set[flag] === 1).map((flag) => flag.replace('_', '-')) };
}

/** Every drift row of the snapshot (none when it holds no drift), for the diff. */
export function readDriftRecords(db: SnapshotDb): ContainerDriftRow[] {
  return hasDriftTable(db) ? db.all<ContainerDriftRow>('SELECT * FROM container_drift ORDER BY container_id, path') : [];
}

/** Whether the capture walked the containers' writable layers (not --no-drift, not a snapshot from before drift). */
export function driftCaptured(db: SnapshotDb): boolean {
  return hasDriftTable(db) && readSnapshotMeta(db).options['drift'] !== undefined && readSnapshotMeta(db).options['drift'] !== false;
}

function hasDriftTable(db: SnapshotDb): boolean {
  return db.get<{ n: number }>("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'container_drift'")?.n === 1;
}
