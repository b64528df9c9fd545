/** What docksnap reads from the 100-byte header of a SQLite file (https://sqlite.org/fileformat.html §1.3). */
export interface SqliteHeader {
  readonly pageSize: number;
  /** The in-header database size in pages; undefined when the header marks it as stale. */
  readonly pageCount: number | undefined;
  /** Bytes 18 and 19 say write-ahead-log mode. */
  readonly wal: boolean;
}

export const SQLITE_HEADER_BYTES = 100;
const MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Parses the first bytes of a SQLite file, never trusting them: the magic, a page size that is a
 * power of two from 512 to 65536, known file-format bytes and fixed payload fractions.
 * @returns the header, or a short reason why these bytes are not a SQLite header.
 */
export function parseSqliteHeader(head: Buffer): SqliteHeader | string {
  if (head.length < MAGIC.length || !head.subarray(0, MAGIC.length).equals(MAGIC)) return 'is not a SQLite database';
  if (head.length < SQLITE_HEADER_BYTES) return 'is a truncated SQLite database (shorter than its header)';
  const raw = head.readUInt16BE(16);
  const pageSize = raw === 1 ? 65536 : raw;
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) return `has a SQLite header with an impossible page size (${raw})`;
  const write = head[18];
  const read = head[19];
  if ((write !== 1 && write !== 2) || (read !== 1 && read !== 2)) return 'has a SQLite header with an unknown file format';
  if (head[21] !== 64 || head[22] !== 32 || head[23] !== 32) return 'has a SQLite header with impossible payload fractions';
  const pageCount = head.readUInt32BE(28);
  const countValid = pageCount > 0 && head.readUInt32BE(24) === head.readUInt32BE(92);
  return { pageSize, pageCount: countValid ? pageCount : undefined, wal: write === 2 || read === 2 };
}

/**
 * Checks a snapshot.db about to be extracted from a bundle against the size the manifest declares,
 * from its first bytes alone: a rollback-journal SQLite file whose header's page size times page
 * count is exactly that size. Anything else is refused before more bytes are written.
 * @returns a short reason when the bytes cannot be the declared snapshot, else undefined.
 */
export function bundleDbHeaderProblem(head: Buffer, declaredSize: number): string | undefined {
  const header = parseSqliteHeader(head);
  if (typeof header === 'string') return header;
  if (header.wal) return 'is in write-ahead-log mode (a bundle carries rollback-journal files only)';
  if (header.pageCount === undefined) return "has a SQLite header whose page count is stale, so its size cannot be checked";
  const size = header.pageSize * header.pageCount;
  if (size !== declaredSize) return `has a SQLite header for ${header.pageCount} pages of ${header.pageSize} bytes (${size} bytes), not the ${declaredSize} bytes the manifest declares`;
  return undefined;
}
