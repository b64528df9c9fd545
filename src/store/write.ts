import Database from 'better-sqlite3';
import { loadSchema } from './ddl.js';
import { writeAtomically, type AtomicWriteOptions } from '../util/atomic-write.js';
import { TABLE_NAMES, type TableInserts, type TableName } from '../types/snapshot.generated.js';

export type ContentTable = Exclude<TableName, 'snapshot'>;

/** Everything a snapshot file holds: the one `snapshot` row and the rows of every other table. */
export type SnapshotContent = { readonly snapshot: TableInserts['snapshot'] } & {
  readonly [T in ContentTable]?: readonly TableInserts[T][];
};

/**
 * Where collectors put rows as they produce them. A capture streams into the file being
 * written instead of holding the whole host in memory: a process's rows are in SQLite before
 * the next process is read.
 */
export interface SnapshotSink {
  add<T extends ContentTable>(table: T, rows: readonly TableInserts[T][]): void;
}

/**
 * Writes a snapshot file by streaming: the DDL of schemas/snapshot.sql, then whatever `fill`
 * adds, then the `snapshot` row it returns, in one transaction, into a 0600 temporary file
 * beside `target` that is renamed into place only when everything succeeded.
 * @throws InputError when `target` exists and `force` is off (nothing is written); whatever `fill` throws.
 */
export async function writeSnapshotStream(
  target: string,
  options: AtomicWriteOptions,
  fill: (sink: SnapshotSink) => Promise<TableInserts['snapshot']>,
): Promise<void> {
  await writeAtomically(target, options, async (tempPath) => {
    const writer = openSnapshotWriter(tempPath);
    try {
      writer.finish(await fill(writer.sink));
    } finally {
      writer.close();
    }
  });
}

/** Writes content already in memory. @throws InputError when `target` exists and `force` is off */
export async function writeSnapshotFile(target: string, content: SnapshotContent, options: AtomicWriteOptions): Promise<void> {
  await writeSnapshotStream(target, options, async (sink) => addContent(sink, content));
}

function addContent(sink: SnapshotSink, content: SnapshotContent): TableInserts['snapshot'] {
  for (const [table, rows] of Object.entries(content) as [TableName, readonly object[]][]) {
    if (table !== 'snapshot') sink.add(table, rows as never);
  }
  return content.snapshot;
}

/**
 * Tables whose key is not an engine's own: an image id is a content digest, so the same image
 * held by two engines of one host (one image loaded into two dockerds, or pulled by Docker and
 * Podman) is the same image; a volume name is the host's view of the first engine read. The
 * first engine's row is kept, a later engine's row with the same key is not an error.
 */
const FIRST_ENGINE_WINS: ReadonlySet<TableName> = new Set(['images', 'image_tags', 'image_layers', 'volumes']);

interface SnapshotWriter {
  readonly sink: SnapshotSink;
  finish(snapshot: TableInserts['snapshot']): void;
  close(): void;
}

function openSnapshotWriter(path: string): SnapshotWriter {
  const db = new Database(path);
  // The file is a private temporary until renamed; durability comes from the fsync before the rename.
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.exec(loadSchema().sql);
  db.exec('BEGIN');
  const inserts = new Map<TableName, { statement: Database.Statement; columns: string[] }>();
  const insertRows = (table: TableName, rows: readonly object[]) => {
    if (!TABLE_NAMES.includes(table)) throw new Error(`snapshot content names no table of the schema: ${table}`);
    if (rows.length === 0) return;
    let insert = inserts.get(table);
    if (!insert) {
      const columns = (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);
      const verb = FIRST_ENGINE_WINS.has(table) ? 'INSERT OR IGNORE' : 'INSERT';
      insert = { statement: db.prepare(`${verb} INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`), columns };
      inserts.set(table, insert);
    }
    const { statement, columns } = insert;
    for (const row of rows) {
      const record = row as Record<string, unknown>;
      // An absent `id INTEGER PRIMARY KEY` becomes NULL, which SQLite turns into the next rowid.
      statement.run(columns.map((c) => record[c] ?? null));
    }
  };
  return {
    sink: { add: (table, rows) => insertRows(table, rows) },
    finish: (snapshot) => {
      insertRows('snapshot', [snapshot]);
      db.exec('COMMIT');
    },
    close: () => db.close(),
  };
}
