import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import type { TableName } from '../types/snapshot.generated.js';

/** Columns to set on one row; absent columns are left as they are. */
export type RowChanges = Readonly<Record<string, unknown>>;

/** A rewrite of one table: called with every row (all columns), returns the columns that change. */
export interface TableRewrite {
  readonly table: TableName;
  readonly rewrite: (row: Readonly<Record<string, unknown>>) => RowChanges | undefined;
}

const BATCH_ROWS = 200;
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * Writes `target` as a compacted copy of the snapshot at `source` with `rewrites` applied. The
 * source is only read. The rewrites run on a scratch copy (`scratch`, removed afterwards) with
 * secure_delete on and the rollback journal in memory, and the result is written with VACUUM
 * INTO, so `target` holds live rows only: no replaced value survives in a free page or a journal.
 * @throws SqliteError when a file cannot be read or written; `target` must not exist.
 */
export function writeRewrittenCopy(source: string, target: string, scratch: string, rewrites: readonly TableRewrite[]): void {
  const from = new Database(source, { readonly: true, fileMustExist: true });
  try {
    from.prepare('VACUUM INTO ?').run(scratch);
  } finally {
    from.close();
  }
  try {
    const db = new Database(scratch);
    try {
      db.pragma('secure_delete = ON');
      db.pragma('journal_mode = MEMORY');
      db.transaction(() => {
        for (const rewrite of rewrites) rewriteTable(db, rewrite);
      })();
      db.prepare('VACUUM INTO ?').run(target);
    } finally {
      db.close();
    }
  } finally {
    rmSync(scratch, { force: true });
  }
}

function rewriteTable(db: Database.Database, { table, rewrite }: TableRewrite): void {
  if (!IDENTIFIER.test(table)) throw new Error(`not a table name: ${table}`);
  const select = db.prepare(`SELECT rowid AS "__rowid", * FROM ${table} WHERE rowid > ? ORDER BY rowid LIMIT ${BATCH_ROWS}`);
  const updates = new Map<string, Database.Statement>();
  let last = -Infinity;
  for (;;) {
    const rows = select.all(last) as Record<string, unknown>[];
    if (rows.length === 0) return;
    for (const { __rowid: rowid, ...row } of rows) {
      last = rowid as number;
      const changes = rewrite(row);
      if (!changes) continue;
      const columns = Object.keys(changes);
      if (!columns.every((c) => IDENTIFIER.test(c))) throw new Error(`not a column name in ${table}: ${columns.join(', ')}`);
      const key = columns.join(',');
      let update = updates.get(key);
      if (!update) {
        update = db.prepare(`UPDATE ${table} SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE rowid = ?`);
        updates.set(key, update);
      }
      update.run(...columns.map((c) => changes[c]), rowid);
    }
  }
}
