import type { SnapshotDb } from '../store/open.js';
import type { ProcessRow } from '../types/snapshot.generated.js';
import { EMPTY_LIST, LIST_SOURCES, listDigest, listOwnerOf, listTextsQuery, ownerListTextQuery, PROCESS_LISTS, type ListSource, type ProcessList } from '../store/process-lists.js';
import type { ProcessDetail } from './container.js';

/** A process with its child tables, as `show --container` has it, plus whose it is. */
export interface ProcessRecord extends ProcessDetail {
  readonly container_id: string | null;
}

/** Each record's own columns, and what tells each of its lists apart (see processRecordTexts). */
interface RecordSource {
  readonly columns: object;
  readonly identities: ReadonlyMap<ProcessList, string>;
}

const sources = new WeakMap<ProcessRecord, RecordSource>();

/** Processes whose list is read by a query of its own before the list is read for every process. */
const OWNERS_READ_ONE_BY_ONE = 32;

export interface ProcessRecordOptions {
  /**
   * Tell lists apart by the digests the file stores (process_list_digests), and read a list's rows
   * only when something asks for them: the diff, which compares two captures of one host and
   * builds few lists. The snapshot must stay open while the records are used. Lists without a
   * digest (files before schema 5) are read as texts, as without this option, and told apart by
   * the digest of their text: the one a current file stores for the same list, so that an older
   * file and a current one compare list by list too.
   */
  readonly byDigest?: boolean;
}

/**
 * Every captured process with its fds, cgroups, namespaces, limits and environment, one query
 * per table (see listTextsQuery; with `byDigest`, only the lists asked for). SQLite hands each
 * process's rows of a table over as one JSON array of arrays, parsed on first use: a diff of two
 * captures of one host compares those texts (or their digests) and never builds most of the rows.
 */
export function readProcessRecords(db: SnapshotDb, options: ProcessRecordOptions = {}): ProcessRecord[] {
  const texts = new Map<ProcessList, ReadonlyMap<number | string, string>>();
  const textsOf = (list: ProcessList) => {
    let found = texts.get(list);
    if (!found) texts.set(list, (found = new Map(db.all<{ owner: number | string; rows: string }>(listTextsQuery(list)).map((r) => [r.owner, r.rows]))));
    return found;
  };
  // A list asked for by a few processes is read for them alone; by many, for every process at once.
  const asked = new Map<ProcessList, number>();
  const textOf = (list: ProcessList, owner: number | string): string => {
    const count = (asked.get(list) ?? 0) + 1;
    asked.set(list, count);
    if (texts.has(list) || count > OWNERS_READ_ONE_BY_ONE) return textsOf(list).get(owner) ?? EMPTY_LIST;
    return db.get<{ rows: string }>(ownerListTextQuery(list), owner)?.rows ?? EMPTY_LIST;
  };
  const digests = options.byDigest ? readDigests(db) : new Map<number, Map<ProcessList, string>>();
  // Without digests every list is told apart by its text: all are read, one query per table.
  if (digests.size === 0) for (const list of PROCESS_LISTS) textsOf(list);
  // cmdline, the exact bytes, stays in the snapshot: a record has argv.
  const columns = db.all<{ name: string }>("SELECT name FROM pragma_table_info('processes')").map((c) => c.name).filter((name) => name !== 'cmdline');
  return db.all<Omit<ProcessRow, 'cmdline'>>(`SELECT ${columns.join(', ')} FROM processes ORDER BY pid`).map(({ argv, ...row }) => {
    const own = { ...row, argv: parseArgv(argv) };
    const digestsOf = digests.get(row.pid);
    const texts = PROCESS_LISTS.map((list) => {
      const owner = listOwnerOf(row, list);
      return () => (owner === undefined ? EMPTY_LIST : textOf(list, owner));
    });
    const identity = (list: ProcessList, i: number) => digestsOf?.get(list) ?? (options.byDigest ? digestIdentity(listDigest(texts[i]!())) : texts[i]!());
    const identities = new Map(PROCESS_LISTS.map((list, i) => [list, identity(list, i)] as const));
    const record = withLazyLists(own, texts);
    sources.set(record, { columns: own, identities });
    return record;
  });
}

/** How a list is told apart by its digest, stored or computed from its text: `sha256:<hex>`. */
function digestIdentity(hex: string): string {
  return `sha256:${hex}`;
}

/** Each process's digest of each list (as `sha256:<hex>`), read as one line of `<list> <digest>` pairs per process. */
function readDigests(db: SnapshotDb): Map<number, Map<ProcessList, string>> {
  const digests = new Map<number, Map<ProcessList, string>>();
  for (const { pid, lists } of db.all<{ pid: number; lists: string }>("SELECT pid, group_concat(list || ' ' || sha256, ' ') AS lists FROM process_list_digests GROUP BY pid")) {
    const words = lists.split(' ');
    const own = new Map<ProcessList, string>();
    for (let i = 0; i + 1 < words.length; i += 2) own.set(words[i] as ProcessList, digestIdentity(words[i + 1]!));
    digests.set(pid, own);
  }
  return digests;
}

/**
 * A record as texts: its columns, then what tells apart each of its fds, cgroups, mounts,
 * namespaces, limits and environment (a list's text, or, for records read `byDigest`, its digest;
 * never one for the other, as a digest is a `sha256:` text and a list's text a JSON array). Two
 * records with equal texts are equal, and telling so builds none of their lists.
 */
export function processRecordTexts(record: ProcessRecord): string[] {
  const source = sources.get(record);
  return source ? [JSON.stringify(source.columns), ...source.identities.values()] : [JSON.stringify(record)];
}

/** What tells apart one list of a record (`fds`, `mounts`…): its text or its digest; equal texts are equal lists. Undefined when not known. */
export function processListText(record: ProcessRecord, list: string): string | undefined {
  return sources.get(record)?.identities.get(list as ProcessList);
}

/**
 * The record: `own` with each list (in PROCESS_LISTS order) as an enumerable getter, so that
 * spreads and JSON.stringify see it, parsing `texts[i]()` (SQLite's JSON, so always valid: an
 * array of each row's values) on first use into rows keyed by column name, sorted by the list's
 * sort key when it has one.
 */
function withLazyLists(own: object, texts: readonly (() => string)[]): ProcessRecord {
  const parsed: (Record<string, unknown>[] | undefined)[] = [];
  const list = (i: number) => (parsed[i] ??= parseRows(texts[i]!(), LIST_SOURCES[PROCESS_LISTS[i]!]));
  return {
    ...own,
    get fds() {
      return list(0);
    },
    get cgroups() {
      return list(1);
    },
    get mounts() {
      return list(2);
    },
    get namespaces() {
      return list(3);
    },
    get limits() {
      return list(4);
    },
    get environ() {
      return list(5);
    },
  } as unknown as ProcessRecord;
}

function parseRows(text: string, { columns, sortKey }: ListSource): Record<string, unknown>[] {
  const rows = JSON.parse(text) as unknown[][];
  const skip = sortKey ? 1 : 0;
  if (sortKey) rows.sort((x, y) => (x[0] as number) - (y[0] as number));
  return rows.map((values) => {
    const row: Record<string, unknown> = {};
    columns.forEach((column, i) => (row[column] = values[i + skip]));
    return row;
  });
}

function parseArgv(text: string): string[] {
  try {
    const value = JSON.parse(text) as unknown;
    return Array.isArray(value) ? value.map(String) : [];
  } catch {
    return [];
  }
}
