import Database from 'better-sqlite3';
import { closeSync, readFileSync, statSync } from 'node:fs';
import { InputError } from '../errors.js';
import { openInputFile, readInputHead } from '../util/input-file.js';
import { parseSqliteHeader, SQLITE_HEADER_BYTES, type SqliteHeader } from './sqlite-header.js';

/** Checks the file's first bytes before SQLite sees it: a regular, non-empty SQLite file. */
export function readSnapshotHeader(path: string): SqliteHeader {
  const { head, size } = readInputHead(path, SQLITE_HEADER_BYTES);
  if (size === 0) throw new InputError(path, 'is empty, not a docksnap snapshot');
  const header = parseSqliteHeader(head);
  if (typeof header === 'string') throw new InputError(path, `${header}, so not a docksnap snapshot`);
  return header;
}

/**
 * Opens the file so that nothing is ever created beside it. A rollback-journal file opens
 * read-only as it is. A WAL-mode file would need -wal and -shm files (and a writable directory),
 * so it is read into memory as the rollback-journal file it is once checkpointed; one with
 * changes still in its -wal file is refused rather than read without them.
 */
export function openWithoutSideFiles(path: string, header: SqliteHeader): Database.Database {
  if (!header.wal) return new Database(path, { readonly: true, fileMustExist: true });
  const walSize = sizeOrZero(`${path}-wal`);
  if (walSize > 0) {
    throw new InputError(path, `has ${walSize} bytes of changes in ${path}-wal that are not in the file; checkpoint a copy (sqlite3 copy.db 'PRAGMA wal_checkpoint') and give that`);
  }
  const fd = openInputFile(path);
  let bytes: Buffer;
  try {
    bytes = readFileSync(fd);
  } finally {
    closeSync(fd);
  }
  bytes[18] = 1;
  bytes[19] = 1;
  return new Database(bytes, { readonly: true });
}

function sizeOrZero(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
