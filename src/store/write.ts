import Database from 'better-sqlite3';
import { loadSchema } from './ddl.js';
import { writeAtomically, type AtomicWriteOptions } from '../util/atomic-write.js';
import { writeProcessListDigests } from './process-lists.js';
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
 * adds, the digests of the processes' lists, then the `snapshot` row it returns, in one
 * transaction, into a 0600 temporary file beside `target` that is renamed into place only when
 * everything succeeded.
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

/** Rows per multi-row INSERT, at most: one statement binding many rows costs far less than a statement run per row. */
const ROWS_PER_INSERT = 128;
/** SQLite binds at most 32,766 parameters per statement. */
const MAX_PARAMETERS = 32_766;
/** Bytes of strings and blobs a table may hold back before its rows are inserted, so that large files are not held in memory. */
const PENDING_BYTES = 4 * 1024 * 1024;

function openSnapshotWriter(path: string): SnapshotWriter {
  const db = new Database(path);
  // The file is a private temporary until renamed; durability comes from the fsync before the rename.
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.exec(loadSchema().sql);
  db.exec('BEGIN');
  const tables = new Map<TableName, TableWriter>();
  const writerOf = (table: TableName): TableWriter => {
    let writer = tables.get(table);
    if (!writer) {
      if (!TABLE_NAMES.includes(table)) throw new Error(`snapshot content names no table of the schema: ${table}`);
      tables.set(table, (writer = tableWriter(db, table)));
    }
    return writer;
  };
  return {
    sink: {
      add: (table, rows) => {
        const writer = writerOf(table);
        if (rows.length > 0) writer.add(rows as readonly object[]);
      },
    },
    finish: (snapshot) => {
      for (const writer of tables.values()) writer.flush();
      writeProcessListDigests(db);
      writerOf('snapshot').add([snapshot]);
      writerOf('snapshot').flush();
      db.exec('COMMIT');
    },
    close: () => db.close(),
  };
}

interface TableWriter {
  add(rows: readonly object[]): void;
  /** Inserts the rows held back. */
  flush(): void;
}

/**
 * Rows of one table, inserted in order by one prepared multi-row statement each time enough are
 * held (the last few by a one-row statement): one statement per table, not one per row.
 */
function tableWriter(db: Database.Database, table: TableName): TableWriter {
  const columns = (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);
  const verb = FIRST_ENGINE_WINS.has(table) ? 'INSERT OR IGNORE' : 'INSERT';
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const insertOf = (rows: number) => db.prepare(`${verb} INTO ${table} (${columns.join(', ')}) VALUES ${Array(rows).fill(tuple).join(', ')}`);
  const perInsert = Math.max(1, Math.min(ROWS_PER_INSERT, Math.floor(MAX_PARAMETERS / columns.length)));
  const one = insertOf(1);
  let many: Database.Statement | undefined;
  let pending: unknown[] = [];
  let pendingRows = 0;
  let pendingBytes = 0;
  const clear = () => {
    pending = [];
    pendingRows = 0;
    pendingBytes = 0;
  };
  const flush = () => {
    for (let row = 0; row < pendingRows; row++) one.run(pending.slice(row * columns.length, (row + 1) * columns.length));
    clear();
  };
  return {
    add(rows) {
      for (const row of rows) {
        const record = row as Record<string, unknown>;
        for (const column of columns) {
          // An absent `id INTEGER PRIMARY KEY` becomes NULL, which SQLite turns into the next rowid.
          const value = record[column] ?? null;
          if (typeof value === 'string' || value instanceof Uint8Array) pendingBytes += value.length;
          pending.push(value);
        }
        if (++pendingRows === perInsert) {
          (many ??= insertOf(perInsert)).run(pending);
          clear();
        } else if (pendingBytes >= PENDING_BYTES) flush();
      }
    },
    flush,
  };
}
