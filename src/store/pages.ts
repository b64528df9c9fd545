import Database from 'better-sqlite3';

export interface PageStats {
  readonly pageSize: number;
  readonly pageCount: number;
  /** Pages on the free list: where deleted or overwritten values could linger. */
  readonly freelistCount: number;
}

/** Page counts of a SQLite file, read without writing. @throws SqliteError when it is not a database */
export function readPageStats(path: string): PageStats {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return {
      pageSize: db.pragma('page_size', { simple: true }) as number,
      pageCount: db.pragma('page_count', { simple: true }) as number,
      freelistCount: db.pragma('freelist_count', { simple: true }) as number,
    };
  } finally {
    db.close();
  }
}
