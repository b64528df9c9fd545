import type { SnapshotDb } from '../store/open.js';
import type { FileRow } from '../types/snapshot.generated.js';
import { parseJsonOrNull } from './group.js';

/** A captured file without its bytes: where it was, its metadata, its hash and its parsed form. */
export interface FileRecord extends Omit<FileRow, 'id' | 'content' | 'parsed'> {
  /** The content parsed (JSON as is; hostname, hosts, resolv.conf… as objects); null when not parseable. Parsed on first use. */
  readonly parsed: unknown;
}

export interface FileRecordOptions {
  /**
   * Read a hashed file's parsed content when something first asks for it, not with the records
   * (the snapshot must stay open while they are used): the diff, which compares two captures of
   * one host file by file and parses few of them.
   */
  readonly parsedOnDemand?: boolean;
}

/** Each record as the texts it was read from (see fileRecordTexts). */
const texts = new WeakMap<FileRecord, readonly (string | null)[]>();

/** The captured files, but those of the roles in `except` (which a caller has no use for, and which can be large). */
export function readFileRecords(db: SnapshotDb, except: readonly string[] = [], options: FileRecordOptions = {}): FileRecord[] {
  // Read on demand, a hashed file's parsed text is not read here: the hash tells its content apart.
  const parsedColumn = options.parsedOnDemand ? 'CASE WHEN sha256 IS NULL THEN parsed END AS parsed' : 'parsed';
  return db
    .all<Omit<FileRow, 'id' | 'content'>>(
      `SELECT container_id, role, path, size, mode, mtime, sha256, ${parsedColumn} FROM files WHERE role NOT IN (${except.map(() => '?').join(', ')}) ORDER BY container_id, role`,
      ...except,
    )
    .map(({ parsed: read, ...columns }) => {
      const onDemand = options.parsedOnDemand === true && columns.sha256 !== null;
      const text = () => (onDemand ? (db.get<{ parsed: string | null }>('SELECT parsed FROM files WHERE container_id IS ? AND role = ?', columns.container_id, columns.role)?.parsed ?? null) : read);
      let parsed: unknown;
      let done = false;
      const record = Object.defineProperty({ ...columns }, 'parsed', {
        enumerable: true,
        get: () => (done ? parsed : ((done = true), (parsed = parseJsonOrNull(text())))),
      }) as FileRecord;
      texts.set(record, [JSON.stringify(columns), onDemand ? null : read]);
      return record;
    });
}

/**
 * A record as texts: its columns and its parsed content (none for a file read `parsedOnDemand`
 * with a hash, whose hash among its columns tells its content apart). Two records with equal texts
 * are equal, and telling so parses neither.
 */
export function fileRecordTexts(record: FileRecord): readonly (string | null)[] {
  return texts.get(record) ?? [JSON.stringify(record), null];
}
