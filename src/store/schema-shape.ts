import Database from 'better-sqlite3';
import type { SchemaSource } from './ddl.js';

/** One schema object as SQLite keeps it in sqlite_master. */
interface SchemaObject {
  readonly type: string;
  readonly name: string;
  readonly sql: string | null;
}

/** The tables of a schema version and the columns of each, in declaration order. */
export type TableColumns = ReadonlyMap<string, readonly string[]>;

/** A column's declared type (as written: INTEGER, TEXT, BLOB, REAL) and whether it is NOT NULL. */
export interface ColumnType {
  readonly name: string;
  readonly type: string;
  readonly notNull: boolean;
}

interface Reference {
  readonly objects: ReadonlyMap<string, SchemaObject>;
  readonly columns: TableColumns;
  readonly types: ReadonlyMap<string, readonly ColumnType[]>;
  /** Every table is STRICT: SQLite itself holds each value to its column's type. */
  readonly strict: boolean;
}

const references = new Map<number, Reference>();

/**
 * What a file of `schema.version` must hold, read from an empty database built from the DDL
 * itself: SQLite derives a table's structure from the CREATE text it stores, so a file whose
 * stored text equals the DDL's has exactly the DDL's tables, columns, types and constraints.
 */
function reference(schema: SchemaSource): Reference {
  let found = references.get(schema.version);
  if (!found) {
    const db = new Database(':memory:');
    try {
      db.exec(schema.sql);
      const types = readColumnTypes(db);
      const strict = (db.pragma('table_list') as { name: string; type: string; strict: number }[])
        .filter((t) => t.type === 'table' && !t.name.startsWith('sqlite_'))
        .every((t) => t.strict === 1);
      found = { objects: readObjects(db), columns: new Map([...types].map(([t, cs]) => [t, cs.map((c) => c.name)])), types, strict };
    } finally {
      db.close();
    }
    references.set(schema.version, found);
  }
  return found;
}

/** The tables of `schema` and their columns, in declaration order. */
export function schemaColumns(schema: SchemaSource): TableColumns {
  return reference(schema).columns;
}

/** The tables of `schema` and each column's declared type and nullability. */
export function schemaColumnTypes(schema: SchemaSource): ReadonlyMap<string, readonly ColumnType[]> {
  return reference(schema).types;
}

/**
 * Whether SQLite holds every value of a file of `schema` to its column's type: its tables are all
 * STRICT, so a file whose CREATE texts match is refused on write a value of the wrong type or a
 * NULL in a NOT NULL column, and its quick_check reports any that a crafted file holds.
 */
export function schemaTypesEnforced(schema: SchemaSource): boolean {
  return reference(schema).strict;
}

/**
 * The tables `newer` adds to `older`, when that is all it changes in their tables and columns:
 * every table of `older` has the same columns in `newer` (only types or constraints may differ).
 * undefined when a table of `older` is gone or its columns differ.
 */
export function tablesAddedSince(older: SchemaSource, newer: SchemaSource): string[] | undefined {
  const a = schemaColumns(older);
  const b = schemaColumns(newer);
  if (![...a].every(([table, columns]) => b.get(table)?.join('\0') === columns.join('\0'))) return undefined;
  return [...b.keys()].filter((table) => !a.has(table));
}

/**
 * Creates `tables` of `schema` as empty TEMP tables of an open file, which lacks them: a file of a
 * version before they were added is read through the current schema in place, as holding no rows
 * of them. TEMP objects live in the connection, never in the file, and shadow nothing the file has.
 */
export function createEmptyTempTables(db: Database.Database, schema: SchemaSource, tables: readonly string[]): void {
  const { objects } = reference(schema);
  for (const table of tables) {
    const sql = objects.get(`table ${table}`)?.sql;
    if (!sql?.startsWith('CREATE TABLE ')) throw new Error(`schema ${schema.version} defines no table ${table}`);
    db.exec(`CREATE TEMP TABLE ${sql.slice('CREATE TABLE '.length)}`);
  }
}

/**
 * Compares a file's schema objects with the DDL of its version: the same tables, indexes, views
 * and triggers, each with the same CREATE text. SQLite's own objects (sqlite_%) are not compared.
 * @returns a short reason when they differ, else undefined.
 * @throws SqliteError when the file's schema cannot be read.
 */
export function schemaMismatch(db: Database.Database, schema: SchemaSource): string | undefined {
  const expected = reference(schema);
  const actual = readObjects(db);
  const missing = [...expected.objects.values()].filter((o) => o.type === 'table' && !actual.has(key(o)));
  if (missing.length > 0) return `lacks its tables ${missing.map((o) => o.name).join(', ')}`;
  for (const object of expected.objects.values()) {
    const found = actual.get(key(object));
    if (!found) return `lacks its ${object.type} ${object.name}`;
    if (found.sql !== object.sql) return `${object.type} ${object.name} ${describeDifference(db, object, expected.columns)}`;
  }
  const extra = [...actual.values()].filter((o) => !expected.objects.has(key(o)));
  if (extra.length > 0) return `holds objects the schema does not define: ${extra.slice(0, 5).map((o) => `${o.type} ${o.name}`).join(', ')}`;
  return undefined;
}

function describeDifference(db: Database.Database, object: SchemaObject, expected: TableColumns): string {
  if (object.type !== 'table') return 'is not defined as the schema defines it';
  const want = expected.get(object.name) ?? [];
  const have = (db.pragma(`table_info("${object.name}")`) as { name: string }[]).map((c) => c.name);
  const missing = want.filter((c) => !have.includes(c));
  const extra = have.filter((c) => !want.includes(c));
  if (missing.length > 0) return `lacks the columns ${missing.slice(0, 5).join(', ')}`;
  if (extra.length > 0) return `has columns the schema does not define: ${extra.slice(0, 5).join(', ')}`;
  return 'has the right columns but not the types or constraints the schema defines';
}

function key(object: SchemaObject): string {
  return `${object.type} ${object.name}`;
}

function readObjects(db: Database.Database): Map<string, SchemaObject> {
  const rows = db
    .prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type, name")
    .all() as SchemaObject[];
  return new Map(rows.map((row) => [key(row), row]));
}

function readColumnTypes(db: Database.Database): Map<string, ColumnType[]> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid").pluck().all() as string[];
  return new Map(
    tables.map((table) => [
      table,
      (db.pragma(`table_info("${table}")`) as { name: string; type: string; notnull: number; pk: number }[]).map((c) => ({
        name: c.name,
        type: c.type.toUpperCase(),
        // A PRIMARY KEY of a rowid table may be NULL in SQLite's eyes, but docksnap never writes one.
        notNull: c.notnull === 1,
      })),
    ]),
  );
}
