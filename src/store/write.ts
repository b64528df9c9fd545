import Database from 'better-sqlite3';
import { loadSchema } from './ddl.js';
import { writeAtomically, type AtomicWriteOptions } from '../util/atomic-write.js';
import { TABLE_NAMES, type TableInserts, type TableName } from '../types/snapshot.generated.js';

/** Everything a snapshot file holds: the one `snapshot` row and the rows of every other table. */
export type SnapshotContent = { readonly snapshot: TableInserts['snapshot'] } & {
  readonly [T in Exclude<TableName, 'snapshot'>]?: readonly TableInserts[T][];
};

/**
 * Writes a complete snapshot file: the DDL of schemas/snapshot.sql, then every row, in one
 * transaction, into a 0600 temporary file beside `target` that is renamed into place.
 * @throws InputError when `target` exists and `force` is off (nothing is written).
 */
export async function writeSnapshotFile(target: string, content: SnapshotContent, options: AtomicWriteOptions): Promise<void> {
  await writeAtomically(target, options, (tempPath) => writeSnapshotInto(tempPath, content));
}

/** Fills an empty database file with `content`. Exposed for in-memory tests (`:memory:`) and bundle import. */
export function writeSnapshotInto(path: string, content: SnapshotContent): void {
  const db = new Database(path);
  try {
    // The file is a private temporary until renamed; durability comes from the fsync before the rename.
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.exec(loadSchema().sql);
    db.transaction(() => {
      for (const [table, rows] of Object.entries(content) as [TableName, object | readonly object[]][]) {
        insertRows(db, table, Array.isArray(rows) ? rows : [rows]);
      }
    })();
  } finally {
    db.close();
  }
}

function insertRows(db: Database.Database, table: TableName, rows: readonly object[]): void {
  if (!TABLE_NAMES.includes(table)) throw new Error(`snapshot content names no table of the schema: ${table}`);
  if (rows.length === 0) return;
  const columns = (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);
  const insert = db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
  for (const row of rows) {
    const record = row as Record<string, unknown>;
    // An absent `id INTEGER PRIMARY KEY` becomes NULL, which SQLite turns into the next rowid.
    insert.run(columns.map((c) => record[c] ?? null));
  }
}
