import Database from 'better-sqlite3';
import { loadSchema, type SchemaSource } from './ddl.js';
import { schemaColumns } from './schema-shape.js';

/**
 * Reads a snapshot of an older schema version through the current one: a private in-memory
 * database is built from the current DDL and every column the two versions share, in every table
 * they share, is copied into it; columns added since read as NULL or their DEFAULT. Views, diff
 * and export then work on it unchanged. The copy is made query-only once filled. Driven by the
 * two DDL files alone, so a table or column added to schemas/snapshot.sql needs no code here.
 * @param source an open, read-only file already checked against `from`.
 * @throws SqliteError when the source cannot be read (damaged), or Error when the current DDL adds
 *   a NOT NULL column without a default (a schema bug the DDL tests catch).
 */
export function upgradeToCurrent(source: Database.Database, from: SchemaSource): Database.Database {
  const current = loadSchema();
  const target = new Database(':memory:');
  try {
    target.exec(current.sql);
    const old = schemaColumns(from);
    target.transaction(() => {
      for (const [table, columns] of schemaColumns(current)) {
        const had = old.get(table);
        if (!had) continue;
        const shared = columns.filter((c) => had.includes(c));
        if (shared.length > 0) copyColumns(source, target, table, shared);
      }
    })();
    target.pragma('query_only = ON');
    return target;
  } catch (error) {
    target.close();
    throw error;
  }
}

function copyColumns(source: Database.Database, target: Database.Database, table: string, columns: readonly string[]): void {
  const list = columns.map((c) => `"${c}"`).join(', ');
  const insert = target.prepare(`INSERT INTO "${table}" (${list}) VALUES (${columns.map(() => '?').join(', ')})`);
  const read = source.prepare(`SELECT ${list} FROM "${table}"`).raw(true);
  for (const row of read.iterate() as IterableIterator<unknown[]>) insert.run(...row);
}
