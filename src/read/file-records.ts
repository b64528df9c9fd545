import type { SnapshotDb } from '../store/open.js';
import type { FileRow } from '../types/snapshot.generated.js';
import { parseJsonOrNull } from './group.js';

/** A captured file without its bytes: where it was, its metadata, its hash and its parsed form. */
export interface FileRecord extends Omit<FileRow, 'id' | 'content' | 'parsed'> {
  /** The content parsed (JSON as is; hostname, hosts, resolv.conf… as objects); null when not parseable. */
  readonly parsed: unknown;
}

export function readFileRecords(db: SnapshotDb): FileRecord[] {
  return db
    .all<Omit<FileRow, 'id' | 'content'>>('SELECT container_id, role, path, size, mode, mtime, sha256, parsed FROM files ORDER BY container_id, role')
    .map((f) => ({ ...f, parsed: parseJsonOrNull(f.parsed) }));
}
