import { readContainerRecords, type ContainerRecord } from '../read/container-records.js';
import { readDaemonRecord, type DaemonRecord } from '../read/daemon-record.js';
import { driftCaptured, readDriftRecords } from '../read/drift.js';
import { readFileRecords, type FileRecord } from '../read/file-records.js';
import { readImageRecords, type ImageRecord } from '../read/image-records.js';
import { readCaptureErrors, readSnapshotMeta, type CaptureErrorView, type SnapshotMeta } from '../read/meta.js';
import { readPorts, type PortView } from '../read/ports.js';
import { readProcessRecords, type ProcessRecord, type ProcessRecordOptions } from '../read/process-records.js';
import { openSnapshot } from '../open.js';
import type { SnapshotDb } from '../store/open.js';
import type { ContainerDriftRow } from '../types/snapshot.generated.js';

/** Everything a diff reads from one snapshot, as plain data (but see readDiffInput's `byDigest`). */
export interface SnapshotData {
  readonly path: string;
  readonly meta: SnapshotMeta;
  readonly daemon: DaemonRecord;
  readonly containers: readonly ContainerRecord[];
  readonly processes: readonly ProcessRecord[];
  readonly images: readonly ImageRecord[];
  readonly files: readonly FileRecord[];
  readonly ports: readonly PortView[];
  /** Each container's writable-layer entries (container_drift). */
  readonly drift: readonly ContainerDriftRow[];
  /** The capture errors, and one `drift` error when the snapshot holds no drift at all (its absence is a gap, not a removal). */
  readonly errors: readonly CaptureErrorView[];
}

const DRIFT_NOT_CAPTURED: CaptureErrorView = {
  phase: 'drift',
  subject: 'docker root',
  path: null,
  code: 'not-captured',
  message: 'filesystem drift was not captured (--no-drift, or a snapshot written before docksnap recorded drift)',
};

/** Runtime files the diff does not compare (see FILES_COMPARED_ELSEWHERE); runc's state is the largest file of a snapshot. */
const UNUSED_FILE_ROLES = ['oci-config.json', 'runc-state.json'];

/**
 * With `byDigest` (see readProcessRecords), the rows of the processes' lists, and the parsed
 * content of hashed files (readFileRecords' parsedOnDemand), are read when the diff first asks for
 * them, so the snapshot must stay open until the diff of it is done.
 */
export function readDiffInput(db: SnapshotDb, lists: ProcessRecordOptions = {}): SnapshotData {
  return {
    path: db.path,
    meta: readSnapshotMeta(db),
    daemon: readDaemonRecord(db),
    containers: readContainerRecords(db),
    processes: readProcessRecords(db, lists),
    images: readImageRecords(db),
    files: readFileRecords(db, UNUSED_FILE_ROLES, { parsedOnDemand: lists.byDigest === true }),
    ports: readPorts(db),
    drift: readDriftRecords(db),
    errors: driftCaptured(db) ? readCaptureErrors(db) : [...readCaptureErrors(db), DRIFT_NOT_CAPTURED],
  };
}

/** readDiffInput of the snapshot (or bundle) at `path`, every list read, closed once read. @throws InputError as openSnapshot does */
export async function readDiffInputFile(path: string): Promise<SnapshotData> {
  const db = await openSnapshot(path);
  try {
    return readDiffInput(db);
  } finally {
    db.close();
  }
}
