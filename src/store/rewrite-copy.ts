import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import type { TableName } from '../types/snapshot.generated.js';
import { LIST_SOURCES, writeProcessListDigests } from './process-lists.js';

/** An open snapshot that can write a compacted copy of itself (see SnapshotDb.copyTo). */
export interface CopySource {
  copyTo(target: string): void;
}

/** Columns to set on one row; absent columns are left as they are. */
export type RowChanges = Readonly<Record<string, unknown>>;

/** A column's new value, computed from its old value and the old values of the `context` columns of its row. */
export interface ColumnRewrite {
  readonly column: string;
  readonly context: readonly string[];
  readonly rewrite: (value: unknown, ...context: unknown[]) => unknown;
}

/**
 * A rewrite of one table: `rewrite` is called with every row (all columns) and returns the columns
 * that change. When each changed column depends only on a few columns of its row, `columns` says
 * so, and the table is rewritten by one UPDATE inside SQLite (the same functions, called per value)
 * instead of row by row through JavaScript objects.
 */
export interface TableRewrite {
  readonly table: TableName;
  readonly rewrite: (row: Readonly<Record<string, unknown>>) => RowChanges | undefined;
  readonly columns?: readonly ColumnRewrite[];
}

const BATCH_ROWS = 200;
const LIST_TABLES: ReadonlySet<string> = new Set(Object.values(LIST_SOURCES).map((source) => source.table));
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * Writes `target` as a compacted copy of the open snapshot `source` with `rewrites` applied. The
 * source is only read. The rewrites run on a scratch copy (`scratch`, removed afterwards) with
 * secure_delete on and the rollback journal in memory, and the result is written with VACUUM
 * INTO, so `target` holds live rows only: no replaced value survives in a free page or a journal,
 * nor in a digest (the processes' list digests are written again when a list's rows were rewritten).
 * @throws SqliteError when a file cannot be read or written; `target` must not exist.
 */
export function writeRewrittenCopy(source: CopySource, target: string, scratch: string, rewrites: readonly TableRewrite[]): void {
  try {
    source.copyTo(scratch);
    const db = new Database(scratch);
    try {
      db.pragma('secure_delete = ON');
      db.pragma('journal_mode = MEMORY');
      // Working files: the caller writes the result into its output, which it syncs.
      db.pragma('synchronous = OFF');
      db.transaction(() => {
        for (const rewrite of rewrites) {
          if (rewrite.columns) rewriteColumns(db, rewrite.table, rewrite.columns);
          else rewriteTable(db, rewrite);
        }
        // A digest of a list as it was before a rewrite would outlive the value it replaced.
        if (rewrites.some((r) => LIST_TABLES.has(r.table))) writeProcessListDigests(db);
      })();
      db.prepare('VACUUM INTO ?').run(target);
    } finally {
      db.close();
    }
  } finally {
    rmSync(scratch, { force: true });
  }
}

/** One UPDATE of every row: each rewritten column is set by its function, registered for this statement. */
function rewriteColumns(db: Database.Database, table: string, columns: readonly ColumnRewrite[]): void {
  const names = [table, ...columns.flatMap((c) => [c.column, ...c.context])];
  if (!names.every((name) => IDENTIFIER.test(name))) throw new Error(`not a table or column name: ${names.join(', ')}`);
  const assignments = columns.map((c, i) => {
    const fn = `docksnap_rewrite_${table}_${i}`;
    db.function(fn, { varargs: true }, (value: unknown, ...context: unknown[]) => (c.rewrite(value, ...context) ?? null) as never);
    return `${c.column} = ${fn}(${[c.column, ...c.context].join(', ')})`;
  });
  if (assignments.length > 0) db.prepare(`UPDATE ${table} SET ${assignments.join(', ')}`).run();
}

/**
 * Visits every row in key order, a batch at a time (better-sqlite3 cannot update a table while a
 * query on it is still open), and updates the rows whose rewrite changes something. A table's key
 * is its rowid, or its primary key when it is WITHOUT ROWID.
 */
function rewriteTable(db: Database.Database, { table, rewrite }: TableRewrite): void {
  if (!IDENTIFIER.test(table)) throw new Error(`not a table name: ${table}`);
  const keys = rowKey(db, table);
  const keyList = keys.join(', ');
  const aliases = keys.map((k, i) => `${k} AS "__k${i}"`).join(', ');
  const first = db.prepare(`SELECT ${aliases}, * FROM ${table} ORDER BY ${keyList} LIMIT ${BATCH_ROWS}`);
  const next = db.prepare(`SELECT ${aliases}, * FROM ${table} WHERE (${keyList}) > (${keys.map(() => '?').join(', ')}) ORDER BY ${keyList} LIMIT ${BATCH_ROWS}`);
  const updates = new Map<string, Database.Statement>();
  let last: unknown[] | undefined;
  for (;;) {
    const rows = (last === undefined ? first.all() : next.all(...last)) as Record<string, unknown>[];
    if (rows.length === 0) return;
    for (const record of rows) {
      const keyValues = keys.map((_, i) => record[`__k${i}`]);
      const row = Object.fromEntries(Object.entries(record).filter(([column]) => !column.startsWith('__k')));
      last = keyValues;
      const changes = rewrite(row);
      if (!changes) continue;
      const columns = Object.keys(changes);
      if (!columns.every((c) => IDENTIFIER.test(c))) throw new Error(`not a column name in ${table}: ${columns.join(', ')}`);
      const statementKey = columns.join(',');
      let update = updates.get(statementKey);
      if (!update) {
        update = db.prepare(`UPDATE ${table} SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE ${keys.map((k) => `${k} = ?`).join(' AND ')}`);
        updates.set(statementKey, update);
      }
      update.run(...columns.map((c) => changes[c]), ...keyValues);
    }
  }
}

/** The columns that identify a row: the primary key of a WITHOUT ROWID table, else rowid. */
function rowKey(db: Database.Database, table: string): string[] {
  const withoutRowid = (db.prepare('SELECT sql FROM sqlite_master WHERE name = ?').pluck().get(table) as string | undefined)?.includes('WITHOUT ROWID');
  if (!withoutRowid) return ['rowid'];
  return (db.pragma(`table_info(${table})`) as { name: string; pk: number }[])
    .filter((c) => c.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((c) => c.name);
}
