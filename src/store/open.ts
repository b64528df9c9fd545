import Database from 'better-sqlite3';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { InputError, UsageError } from '../errors.js';
import { describeError } from '../util/errno.js';
import { loadSchema } from './ddl.js';

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** Result of a read-only query: column names and rows as arrays. */
export interface QueryResult {
  readonly columns: readonly string[];
  readonly rows: readonly unknown[][];
}

/**
 * A snapshot opened read-only. The read/ views take this narrow interface, so only store/
 * knows the SQLite binding.
 */
export interface SnapshotDb {
  readonly path: string;
  readonly schemaVersion: number;
  all<T>(sql: string, ...params: unknown[]): T[];
  get<T>(sql: string, ...params: unknown[]): T | undefined;
  /** Runs one user-supplied statement; anything that could write is refused. @throws UsageError */
  query(sql: string): QueryResult;
  close(): void;
}

/**
 * Opens a snapshot file read-only after checking that it is one: a SQLite file, with the
 * docksnap schema, of a version this docksnap reads. Nothing is ever written to it.
 * @throws InputError when the file is missing, not SQLite, not a snapshot, or from a newer schema.
 */
export function openSnapshotDb(path: string): SnapshotDb {
  assertSqliteFile(path);
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new InputError(path, `cannot be opened: ${describeError(error)}`, { cause: error });
  }
  try {
    const version = checkSnapshotSchema(db, path);
    return wrap(db, path, version);
  } catch (error) {
    db.close();
    throw error;
  }
}

function assertSqliteFile(path: string): void {
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new InputError(path, 'is a directory, not a snapshot file');
    size = stat.size;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(path, `cannot be read: ${describeError(error)}`, { cause: error });
  }
  if (size === 0) throw new InputError(path, 'is empty, not a docksnap snapshot');
  const header = Buffer.alloc(SQLITE_HEADER.length);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  if (!header.equals(SQLITE_HEADER)) throw new InputError(path, 'is not a SQLite database, so not a docksnap snapshot');
}

function checkSnapshotSchema(db: Database.Database, path: string): number {
  const supported = loadSchema().version;
  let version: number;
  let hasSnapshotTable: boolean;
  try {
    version = db.pragma('user_version', { simple: true }) as number;
    hasSnapshotTable =
      db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'snapshot'").get() !== undefined;
  } catch (error) {
    throw new InputError(path, `is not a readable SQLite database: ${describeError(error)}`, { cause: error });
  }
  if (version === 0 || !hasSnapshotTable) throw new InputError(path, 'is a SQLite database but not a docksnap snapshot');
  if (version > supported) {
    throw new InputError(path, `was written by a newer docksnap (schema ${version}; this docksnap reads up to ${supported})`);
  }
  if (version < supported) throw new InputError(path, `uses schema ${version}, which this docksnap cannot read`);
  const present = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
  const missing = schemaTables().filter((table) => !present.has(table));
  if (missing.length > 0) throw new InputError(path, `claims schema ${version} but lacks its tables ${missing.join(', ')}`);
  const rows = db.prepare('SELECT count(*) AS n FROM snapshot').get() as { n: number };
  if (rows.n !== 1) throw new InputError(path, `is not a complete docksnap snapshot (${rows.n} snapshot rows)`);
  return version;
}

function wrap(db: Database.Database, path: string, schemaVersion: number): SnapshotDb {
  return {
    path,
    schemaVersion,
    all: <T>(sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as T[],
    get: <T>(sql: string, ...params: unknown[]) => db.prepare(sql).get(...params) as T | undefined,
    query: (sql: string) => runReadOnlyQuery(db, sql),
    close: () => db.close(),
  };
}

function runReadOnlyQuery(db: Database.Database, sql: string): QueryResult {
  let statement: Database.Statement;
  try {
    statement = db.prepare(sql);
  } catch (error) {
    throw new UsageError('query', describeError(error), { cause: error });
  }
  if (!statement.readonly) throw new UsageError('query', 'only read-only statements are allowed; the snapshot is evidence and is never modified');
  if (!statement.reader) throw new UsageError('query', 'the statement returns no rows; give a SELECT');
  statement.raw(true);
  const columns = statement.columns().map((c) => c.name);
  return { columns, rows: statement.all() as unknown[][] };
}

function schemaTables(): string[] {
  return loadSchema().statements.flatMap((statement) => /^CREATE TABLE (\w+)/.exec(statement)?.[1] ?? []);
}
