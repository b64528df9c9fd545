import type { SnapshotDb } from '../store/open.js';
import type { FileRow } from '../types/snapshot.generated.js';
import { parseJsonOrNull } from './group.js';

/** A captured file without its bytes: where it was, its metadata, its hash and its parsed form. */
export interface FileRecord extends Omit<FileRow, 'id' | 'content' | 'parsed'> {
  /** The content parsed (JSON as is; hostname, hosts, resolv.conf… as objects); null when not parseable. */
  readonly parsed: unknown;
}

/** The captured files, but those of the roles in `except` (which a caller has no use for, and which can be large). */
export function readFileRecords(db: SnapshotDb, except: readonly string[] = []): FileRecord[] {
  return db
    .all<Omit<FileRow, 'id' | 'content'>>(
      `SELECT container_id, role, path, size, mode, mtime, sha256, parsed FROM files WHERE role NOT IN (${except.map(() => '?').join(', ')}) ORDER BY container_id, role`,
      ...except,
    )
    .map((f) => ({ ...f, parsed: parseJsonOrNull(f.parsed) }));
}
