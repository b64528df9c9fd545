import type { SnapshotDb } from '../store/open.js';
import type { CaptureErrorRow, SnapshotRow } from '../types/snapshot.generated.js';
import { parseStoredObject } from './stored-json.js';

/** The snapshot row with its options decoded. */
export type SnapshotMeta = Omit<SnapshotRow, 'id' | 'options'> & { readonly options: Record<string, unknown> };

export function readSnapshotMeta(db: SnapshotDb): SnapshotMeta {
  const row = db.get<SnapshotRow>('SELECT * FROM snapshot WHERE id = 1');
  if (!row) throw new Error(`${db.path}: snapshot row vanished after validation`);
  const { id: _id, options, ...rest } = row;
  return { ...rest, options: parseStoredObject(db, 'snapshot.options', options) };
}

export type CaptureErrorView = Omit<CaptureErrorRow, 'id'>;

export function readCaptureErrors(db: SnapshotDb): CaptureErrorView[] {
  return db.all<CaptureErrorView>('SELECT phase, subject, path, code, message FROM capture_error ORDER BY id');
}

export function countRows(db: SnapshotDb, table: string): number {
  return db.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`)?.n ?? 0;
}
