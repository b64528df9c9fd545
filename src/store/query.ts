import Database from 'better-sqlite3';
import { UsageError } from '../errors.js';
import { describeError } from '../util/errno.js';

/** Result of a read-only query: column names and rows as arrays. */
export interface QueryResult {
  readonly columns: readonly string[];
  readonly rows: readonly unknown[][];
}

/** Runs one user-supplied statement; anything that could write, or that SQLite refuses to run, is a UsageError. */
export function runReadOnlyQuery(db: Database.Database, sql: string): QueryResult {
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
  try {
    return { columns, rows: statement.all() as unknown[][] };
  } catch (error) {
    // SQLite refused to run it (load_extension is not authorized, a function failed): the statement's fault.
    if (error instanceof Database.SqliteError) throw new UsageError('query', `refused: ${describeError(error)}`, { cause: error });
    throw error;
  }
}
