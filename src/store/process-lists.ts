import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';

/** The lists of a captured process, each a child table (mounts: of its mount namespace). */
export const PROCESS_LISTS = ['fds', 'cgroups', 'mounts', 'namespaces', 'limits', 'environ'] as const;
export type ProcessList = (typeof PROCESS_LISTS)[number];

/**
 * Each list's table, its columns as a record has them (in the order `show` lists them), and its
 * order: `sortKey`, an integer column unique per owner by which rows are sorted when parsed, or
 * `order`, SQL. Either way the aggregate orders the rows itself, so that a list's text, and its
 * digest, never depend on the order in which SQLite happens to scan them.
 */
export interface ListSource {
  readonly table: string;
  readonly owner: 'pid' | 'mnt_ns';
  readonly columns: readonly string[];
  readonly sortKey?: string;
  readonly order?: string;
}

export const LIST_SOURCES: Readonly<Record<ProcessList, ListSource>> = {
  fds: { table: 'process_fds', owner: 'pid', columns: ['fd', 'target', 'kind', 'inode', 'pos', 'flags', 'mnt_id'], sortKey: 'fd' },
  cgroups: { table: 'process_cgroups', owner: 'pid', columns: ['hierarchy_id', 'controllers', 'path'], order: 'hierarchy_id DESC, controllers' },
  mounts: {
    table: 'mounts',
    owner: 'mnt_ns',
    columns: ['position', 'mount_id', 'parent_id', 'device', 'root', 'mount_point', 'mount_options', 'optional_fields', 'fs_type', 'source', 'super_options'],
    sortKey: 'position',
  },
  namespaces: { table: 'process_namespaces', owner: 'pid', columns: ['type', 'inode'], order: 'type' },
  limits: { table: 'process_limits', owner: 'pid', columns: ['name', 'soft', 'hard', 'units'], order: 'name' },
  environ: { table: 'process_environ', owner: 'pid', columns: ['name', 'value'], sortKey: 'position' },
};

/** The text of a list with no rows. */
export const EMPTY_LIST = '[]';

/**
 * One query giving, for every owner of `list`, its rows as one JSON array of each row's values
 * (`owner`, `rows`). Mount tables are read only for container processes: a daemon process sees
 * the host's mount table, which is the host's and not the process's (and is the bulk of a large host).
 */
export function listTextsQuery(list: ProcessList): string {
  const source = LIST_SOURCES[list];
  const where = source.owner === 'mnt_ns' ? "WHERE mnt_ns IN (SELECT mnt_ns FROM processes WHERE role = 'container')" : '';
  return `SELECT ${source.owner} AS owner, ${rowsAggregate(source)} AS rows FROM ${source.table} ${where} GROUP BY ${source.owner}`;
}

/** listTextsQuery for one owner (`?`): its rows as one JSON array, or no row when it has none. */
export function ownerListTextQuery(list: ProcessList): string {
  const source = LIST_SOURCES[list];
  return `SELECT ${rowsAggregate(source)} AS rows FROM ${source.table} WHERE ${source.owner} = ? GROUP BY ${source.owner}`;
}

/** An owner's rows as one JSON array of each row's values: the sort key first, where the list has one. */
function rowsAggregate(source: ListSource): string {
  const values = [...(source.sortKey ? [source.sortKey] : []), ...source.columns].join(', ');
  return `json_group_array(json_array(${values}) ORDER BY ${source.sortKey ?? source.order})`;
}

/** The columns of a process that say which rows of a list are its own. */
export interface ListOwner {
  readonly pid: number;
  readonly role: string;
  readonly mnt_ns: string;
}

/** Whose rows `list` of `process` is: its pid, its mount namespace, or nobody's (a daemon's mounts). */
export function listOwnerOf(process: ListOwner, list: ProcessList): number | string | undefined {
  if (LIST_SOURCES[list].owner === 'pid') return process.pid;
  return process.role === 'container' ? process.mnt_ns : undefined;
}

/** The digest process_list_digests holds for a list read as `text`. */
export function listDigest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** How the digests read a file: a query's rows at once (few), or one by one (a list's texts, which can be large). */
export interface ListRowReader {
  all<T>(sql: string): T[];
  iterate<T>(sql: string): Iterable<T>;
}

export interface ListDigestRow {
  readonly pid: number;
  readonly list: ProcessList;
  readonly sha256: string;
}

/**
 * The digest of every list of every process, from the rows the file holds. Each owner's text is
 * hashed as it is read and dropped, so memory holds one list's text, not a table's.
 */
export function computeListDigests(rows: ListRowReader): ListDigestRow[] {
  const processes = rows.all<ListOwner>('SELECT pid, role, mnt_ns FROM processes ORDER BY pid');
  if (processes.length === 0) return [];
  const emptyDigest = listDigest(EMPTY_LIST);
  const digests: ListDigestRow[] = [];
  for (const list of PROCESS_LISTS) {
    const byOwner = new Map<number | string, string>();
    for (const row of rows.iterate<{ owner: number | string; rows: string }>(listTextsQuery(list))) byOwner.set(row.owner, listDigest(row.rows));
    for (const process of processes) {
      const owner = listOwnerOf(process, list);
      digests.push({ pid: process.pid, list, sha256: (owner === undefined ? undefined : byOwner.get(owner)) ?? emptyDigest });
    }
  }
  return digests;
}

/**
 * Replaces process_list_digests with the digest of every list of every process as the file now
 * holds them: run by the writer once the rows are in, and by a rewrite once it has changed them.
 */
export function writeProcessListDigests(db: Database.Database): void {
  db.prepare('DELETE FROM process_list_digests').run();
  const insert = db.prepare('INSERT INTO process_list_digests (pid, list, sha256) VALUES (?, ?, ?)');
  const reader: ListRowReader = { all: (sql) => db.prepare(sql).all() as never, iterate: (sql) => db.prepare(sql).iterate() as never };
  for (const row of computeListDigests(reader)) insert.run(row.pid, row.list, row.sha256);
}

/**
 * Whether the file's digests are those of its lists: none at all (a file before schema 5, or of
 * no process), or exactly one per list of every process, each that of the rows held. A digest
 * that disagrees with its rows would let a diff call two different lists equal.
 * @returns a short reason when they disagree, else undefined.
 */
export function listDigestProblem(rows: ListRowReader): string | undefined {
  const stored = rows.all<ListDigestRow>('SELECT pid, list, sha256 FROM process_list_digests');
  if (stored.length === 0) return undefined;
  const held = new Map(stored.map((row) => [`${row.pid} ${row.list}`, row.sha256]));
  let expected: ListDigestRow[];
  try {
    expected = computeListDigests(rows);
  } catch (error) {
    // A list SQLite cannot render as one text (past its length limit) is not one docksnap wrote.
    if (error instanceof Database.SqliteError || error instanceof RangeError) return `holds process lists too large to check (${error.message})`;
    throw error;
  }
  if (expected.length !== held.size) return `holds ${held.size} process list digests for ${expected.length} lists`;
  const wrong = expected.find((row) => held.get(`${row.pid} ${row.list}`) !== row.sha256);
  return wrong ? `holds a digest that is not that of the ${wrong.list} of process ${wrong.pid}` : undefined;
}
