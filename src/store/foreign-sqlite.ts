import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** A file of another program's SQLite database (the main file, its -wal), already read from its root. */
export interface ForeignSqliteFile {
  /** Suffix after the database name: '' for the main file, '-wal' for the write-ahead log. */
  readonly suffix: '' | '-wal';
  readonly bytes: Buffer;
}

/**
 * Runs read-only queries over another program's SQLite database (Podman's db.sql) without
 * touching it: its bytes, read through the in-root reader, are written to a private temporary
 * directory (with its -wal, so committed transactions not yet checkpointed are seen), opened
 * there, queried, and the copy removed.
 * @throws SqliteError when the bytes are not a SQLite database or a query fails
 */
export function queryForeignSqlite(files: readonly ForeignSqliteFile[], queries: Readonly<Record<string, string>>): Record<string, unknown[]> {
  const dir = mkdtempSync(join(tmpdir(), 'docksnap-foreign-'));
  try {
    for (const file of files) writeFileSync(join(dir, `state.db${file.suffix}`), file.bytes, { mode: 0o600 });
    const db = new Database(join(dir, 'state.db'), { fileMustExist: true });
    try {
      return Object.fromEntries(Object.entries(queries).map(([name, sql]) => [name, db.prepare(sql).all()]));
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
