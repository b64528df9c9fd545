import Database from 'better-sqlite3';
import { InputError } from '../errors.js';
import { describeError } from '../util/errno.js';
import { upgradeToCurrent } from './compat.js';
import { runReadOnlyQuery, type QueryResult } from './query.js';
import { loadSchema, loadSchemaVersion, type SchemaSource } from './ddl.js';
import { createEmptyTempTables, schemaMismatch, schemaTypesEnforced, tablesAddedSince } from './schema-shape.js';
import { valueTypeProblem } from './value-check.js';
import { openWithoutSideFiles, readSnapshotHeader } from './open-file.js';
import { parseSqliteHeader, SQLITE_HEADER_BYTES } from './sqlite-header.js';
import { rowStatement, type RowStatement } from './row-objects.js';

export type { QueryResult } from './query.js';

/**
 * A snapshot opened read-only. The read/ views take this narrow interface, so only store/
 * knows the SQLite binding.
 */
export interface SnapshotDb {
  readonly path: string;
  readonly schemaVersion: number;
  all<T>(sql: string, ...params: unknown[]): T[];
  get<T>(sql: string, ...params: unknown[]): T | undefined;
  /** The rows one by one, for a query whose rows are too large to hold at once; no other query may run until it ends. */
  iterate<T>(sql: string, ...params: unknown[]): IterableIterator<T>;
  /** Runs one user-supplied statement; anything that could write is refused. @throws UsageError */
  query(sql: string): QueryResult;
  /**
   * Writes a compacted copy of the snapshot as read to `target` (which must not exist): a file of
   * an older schema is copied as upgraded to the current one. The copy is not synced to disk.
   */
  copyTo(target: string): void;
  close(): void;
}

/**
 * Opens a snapshot file read-only after checking that it is one: a SQLite file, with the
 * docksnap schema, of a version this docksnap reads, whose tables and columns are exactly those
 * of that version's DDL. A file of an older version is read through the current schema (see
 * compat.ts); `schemaVersion` stays the file's own. Nothing is ever written to it.
 * @throws InputError when the file is missing, not SQLite, not a snapshot, or from a newer schema.
 */
export function openSnapshotDb(path: string): SnapshotDb {
  const header = readSnapshotHeader(path);
  let db: Database.Database;
  try {
    db = openWithoutSideFiles(path, header);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(path, `cannot be opened: ${describeError(error)}`, { cause: error });
  }
  return openChecked(db, path);
}

/**
 * Opens read-only the copy this process has just written of an open snapshot (copyTo, or export's
 * rewritten copy) without checking it again: its source passed every check of openSnapshotDb,
 * and import and verify check the copy in full wherever it is read later.
 */
export function openWrittenCopy(path: string): SnapshotDb {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  limitPageCache(db);
  return wrap(db, path, db.pragma('user_version', { simple: true }) as number);
}

/**
 * Opens a snapshot held in memory (a bundle's snapshot.db being verified), with every check
 * openSnapshotDb makes; nothing is written anywhere. `shownAs` names it in errors.
 * @throws InputError as openSnapshotDb does.
 */
export function openSnapshotBytes(bytes: Buffer, shownAs: string): SnapshotDb {
  if (bytes.length === 0) throw new InputError(shownAs, 'is empty, not a docksnap snapshot');
  const header = parseSqliteHeader(bytes.subarray(0, SQLITE_HEADER_BYTES));
  if (typeof header === 'string') throw new InputError(shownAs, `${header}, so not a docksnap snapshot`);
  let db: Database.Database;
  try {
    db = new Database(bytes, { readonly: true });
  } catch (error) {
    throw new InputError(shownAs, `cannot be opened: ${describeError(error)}`, { cause: error });
  }
  return openChecked(db, shownAs);
}

function openChecked(db: Database.Database, path: string): SnapshotDb {
  try {
    readThrough(() => limitPageCache(db), path);
    const schema = checkSnapshotSchema(db, path);
    const current = loadSchema();
    if (schema.version === current.version) return wrap(db, path, schema.version);
    // Only the types' enforcement (schema 3, before STRICT tables: its values are checked on open)
    // or whole tables added since (schema 3 and 4) differ: read in place, the tables added as empty.
    const added = tablesAddedSince(schema, current);
    if (added) {
      createEmptyTempTables(db, current, added);
      return { ...wrap(db, path, schema.version), copyTo: (target) => copyAsCurrent(db, schema, target) };
    }
    const upgraded = readThrough(() => upgradeToCurrent(db, schema), path);
    db.close();
    return { ...wrap(upgraded, path, schema.version), copyTo: (target) => copyUpgraded(upgraded, target) };
  } catch (error) {
    db.close();
    throw error;
  }
}


/**
 * SQLite's own default page cache (2 MiB) for a snapshot read, not better-sqlite3's 16 MiB: its
 * quick_check reads every page once, and a cache that keeps 16 MiB of them costs a diff of two
 * files 30 MiB of memory and more time (in page faults) than reading a page again costs.
 */
function limitPageCache(db: Database.Database): void {
  db.pragma('cache_size = -2000');
}

/**
 * Checks that the file is a docksnap snapshot of a version this docksnap reads, and that its
 * tables and columns are exactly those of that version's DDL in schemas/.
 * @returns the DDL of the file's version.
 */
function checkSnapshotSchema(db: Database.Database, path: string): SchemaSource {
  return readThrough(() => {
    const supported = loadSchema().version;
    const version = db.pragma('user_version', { simple: true }) as number;
    const hasSnapshotTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'snapshot'").get() !== undefined;
    if (version === 0 || !hasSnapshotTable) throw new InputError(path, 'is a SQLite database but not a docksnap snapshot');
    if (version > supported) {
      throw new InputError(path, `was written by a newer docksnap (schema ${version}; this docksnap reads up to ${supported})`);
    }
    const schema = loadSchemaVersion(version);
    if (!schema) throw new InputError(path, `uses schema ${version}, which this docksnap cannot read`);
    const mismatch = schemaMismatch(db, schema);
    if (mismatch) throw new InputError(path, `claims schema ${version} but ${mismatch}`);
    // The b-trees themselves: a file whose pages lie fails here, not in the middle of a diff.
    const integrity = db.pragma('quick_check(1)', { simple: true }) as string;
    if (integrity !== 'ok') throw new InputError(path, `is damaged: ${integrity}`);
    // STRICT tables (schema 4 on) had their values' types checked by quick_check; older files are checked here.
    const badValues = schemaTypesEnforced(schema) ? undefined : valueTypeProblem(db, schema);
    if (badValues) throw new InputError(path, `is damaged: ${badValues}`);
    const rows = db.prepare('SELECT count(*) AS n FROM snapshot').get() as { n: number };
    if (rows.n !== 1) throw new InputError(path, `is not a complete docksnap snapshot (${rows.n} snapshot rows)`);
    return schema;
  }, path);
}

/** Runs a read of the file; a SQLite failure there means the file is damaged, not a bug. */
function readThrough<T>(read: () => T, path: string): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof InputError || !(error instanceof Database.SqliteError)) throw error;
    throw new InputError(path, `is damaged, not a readable docksnap snapshot: ${describeError(error)}`, { cause: error });
  }
}

/** Statements kept per open snapshot: views run the same few queries once per container or process. */
const CACHED_STATEMENTS = 256;

function wrap(db: Database.Database, path: string, schemaVersion: number): SnapshotDb {
  const statements = new Map<string, RowStatement>();
  const prepare = (sql: string): RowStatement => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = rowStatement(db.prepare(sql));
      if (statements.size >= CACHED_STATEMENTS) statements.clear();
      statements.set(sql, statement);
    }
    return statement;
  };
  return {
    path,
    schemaVersion,
    all: <T>(sql: string, ...params: unknown[]) => prepare(sql).all(params) as T[],
    get: <T>(sql: string, ...params: unknown[]) => prepare(sql).get(params) as T | undefined,
    iterate: <T>(sql: string, ...params: unknown[]) => prepare(sql).iterate(params) as IterableIterator<T>,
    query: (sql: string) => runReadOnlyQuery(db, sql),
    copyTo: (target: string) => vacuumInto(db, target),
    close: () => db.close(),
  };
}

/**
 * VACUUM INTO writes only `target`; an upgraded copy is query-only, so that is lifted for it alone.
 * The copy is a working file (export's scratch copy), not synced to disk: VACUUM INTO syncs as the
 * source connection's `synchronous` says, so that is OFF for the copy.
 */
function vacuumInto(db: Database.Database, target: string): void {
  const queryOnly = db.pragma('query_only', { simple: true }) as number;
  const synchronous = db.pragma('synchronous', { simple: true }) as number;
  if (queryOnly) db.pragma('query_only = OFF');
  db.pragma('synchronous = OFF');
  try {
    db.prepare('VACUUM INTO ?').run(target);
  } finally {
    db.pragma(`synchronous = ${synchronous}`);
    if (queryOnly) db.pragma('query_only = ON');
  }
}

/** A file of an older schema read in place is copied as upgraded, as one read through a copy is. */
function copyAsCurrent(db: Database.Database, schema: SchemaSource, target: string): void {
  const upgraded = upgradeToCurrent(db, schema);
  try {
    copyUpgraded(upgraded, target);
  } finally {
    upgraded.close();
  }
}

/** A copy of an upgraded snapshot is a current-version file: its snapshot row says so too. */
function copyUpgraded(db: Database.Database, target: string): void {
  vacuumInto(db, target);
  const copy = new Database(target, { fileMustExist: true });
  try {
    copy.prepare('UPDATE snapshot SET schema_version = ?').run(loadSchema().version);
  } finally {
    copy.close();
  }
}

