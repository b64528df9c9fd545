import type Database from 'better-sqlite3';
import { schemaColumnTypes } from './schema-shape.js';
import type { SchemaSource } from './ddl.js';

const STORAGE_CLASSES: Readonly<Record<string, readonly string[]>> = {
  INTEGER: ['integer'],
  REAL: ['real', 'integer'],
  TEXT: ['text'],
  BLOB: ['blob'],
};

/**
 * SQLite stores any value in any column, and a crafted file can hold NULL in a NOT NULL column.
 * The readers trust each column's declared type, so every value is checked once on open (one
 * scan per table): its storage class matches the column's type, or it is NULL where allowed.
 * @returns a short reason naming the first table and column that break this, else undefined.
 * @throws SqliteError when a table cannot be read (a damaged file).
 */
export function valueTypeProblem(db: Database.Database, schema: SchemaSource): string | undefined {
  for (const [table, allColumns] of schemaColumnTypes(schema)) {
    const columns = allColumns.filter((c) => STORAGE_CLASSES[c.type] !== undefined);
    if (columns.length === 0) continue;
    // typeof(x) <> 'text' AND …, behind x IS NOT NULL where NULL is allowed: a fifth cheaper per value than NOT IN ('text', 'null').
    const misfits = columns.map((c) => {
      const wrongClass = (STORAGE_CLASSES[c.type] ?? []).map((k) => `typeof("${c.name}") <> '${k}'`).join(' AND ');
      return c.notNull ? `(${wrongClass})` : `("${c.name}" IS NOT NULL AND ${wrongClass})`;
    });
    // One pass that stops at the first misfit row (a count per column costs an aggregate step per value); counted only then.
    if (db.prepare(`SELECT 1 FROM "${table}" WHERE ${misfits.join(' OR ')} LIMIT 1`).get() === undefined) continue;
    const counts = db.prepare(`SELECT ${misfits.map((m) => `SUM(${m})`).join(', ')} FROM "${table}"`).raw(true).get() as (number | null)[];
    const bad = counts.findIndex((n) => (n ?? 0) > 0);
    if (bad >= 0) {
      const column = columns[bad];
      return `${table}.${column?.name ?? '?'} holds ${counts[bad]} values that are not ${column?.notNull ? '' : 'NULL or '}${column?.type ?? '?'}`;
    }
  }
  return undefined;
}
