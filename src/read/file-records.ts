import type { SnapshotDb } from '../store/open.js';
import type { FileRow } from '../types/snapshot.generated.js';
import { parseJsonOrNull } from './group.js';

/** A captured file without its bytes: where it was, its metadata, its hash and its parsed form. */
export interface FileRecord extends Omit<FileRow, 'id' | 'content' | 'parsed'> {
  /** The content parsed (JSON as is; hostname, hosts, resolv.conf… as objects); null when not parseable. Parsed on first use. */
  readonly parsed: unknown;
}

/** Each record as the texts it was read from (see fileRecordTexts). */
const texts = new WeakMap<FileRecord, readonly (string | null)[]>();

/** The captured files, but those of the roles in `except` (which a caller has no use for, and which can be large). */
export function readFileRecords(db: SnapshotDb, except: readonly string[] = []): FileRecord[] {
  return db
    .all<Omit<FileRow, 'id' | 'content'>>(
      `SELECT container_id, role, path, size, mode, mtime, sha256, parsed FROM files WHERE role NOT IN (${except.map(() => '?').join(', ')}) ORDER BY container_id, role`,
      ...except,
    )
    .map(({ parsed: text, ...columns }) => {
      let parsed: unknown;
      let done = false;
      const record = Object.defineProperty({ ...columns }, 'parsed', {
        enumerable: true,
        get: () => (done ? parsed : ((done = true), (parsed = parseJsonOrNull(text)))),
      }) as FileRecord;
      texts.set(record, [JSON.stringify(columns), text]);
      return record;
    });
}

/** A record as texts, its columns and its parsed content: two records with equal texts are equal, and telling so parses neither. */
export function fileRecordTexts(record: FileRecord): readonly (string | null)[] {
  return texts.get(record) ?? [JSON.stringify(record), null];
}
