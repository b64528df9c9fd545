import type { SnapshotDb } from '../store/open.js';
import type { ProcessRow } from '../types/snapshot.generated.js';
import type { ProcessDetail } from './container.js';

/** A process with its child tables, as `show --container` has it, plus whose it is. */
export interface ProcessRecord extends ProcessDetail {
  readonly container_id: string | null;
}

type ChildList = 'fds' | 'cgroups' | 'mounts' | 'namespaces' | 'limits' | 'environ';

/**
 * Each child list of a process: its table, its columns as the record has them (in the order
 * `show` lists them), and its order: `sortKey`, an integer column unique per owner by which rows
 * are sorted when parsed (the aggregate then needs no ORDER BY of its own), or `order`, SQL.
 */
interface ListSource {
  readonly table: string;
  readonly owner: 'pid' | 'mnt_ns';
  readonly columns: readonly string[];
  readonly sortKey?: string;
  readonly order?: string;
}

const CHILD_TABLES: Readonly<Record<ChildList, ListSource>> = {
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

/** Each record's own columns and its child rows as the JSON text they were read as (see processRecordText). */
const sources = new WeakMap<ProcessRecord, { readonly columns: object; readonly lists: ReadonlyMap<string, string> }>();

/**
 * Every captured process with its fds, cgroups, namespaces, limits and environment, one query
 * per table. Mount tables are read only for container processes: a daemon process sees the
 * host's mount table, which is the host's and not the process's (and is the bulk of a large host).
 * SQLite hands each process's rows of a table over as one JSON array of arrays, parsed on first
 * use: a diff of two captures of one host compares those texts and never builds most of the rows.
 */
export function readProcessRecords(db: SnapshotDb): ProcessRecord[] {
  const texts = new Map<ChildList, Map<number | string, string>>();
  for (const [list, source] of Object.entries(CHILD_TABLES) as [ChildList, ListSource][]) {
    const values = [...(source.sortKey ? [source.sortKey] : []), ...source.columns].join(', ');
    const where = source.owner === 'mnt_ns' ? "WHERE mnt_ns IN (SELECT mnt_ns FROM processes WHERE role = 'container')" : '';
    const order = source.order ? ` ORDER BY ${source.order}` : '';
    const rows = db.all<{ owner: number | string; rows: string }>(`SELECT ${source.owner} AS owner, json_group_array(json_array(${values})${order}) AS rows FROM ${source.table} ${where} GROUP BY ${source.owner}`);
    texts.set(list, new Map(rows.map((r) => [r.owner, r.rows])));
  }
  return db.all<ProcessRow>('SELECT * FROM processes ORDER BY pid').map(({ cmdline: _cmdline, argv, ...row }) => {
    const own = (list: ChildList) => texts.get(list)?.get(row.pid) ?? '[]';
    const mountText = row.role === 'container' ? (texts.get('mounts')?.get(row.mnt_ns) ?? '[]') : '[]';
    const lists: [ChildList, string][] = [['fds', own('fds')], ['cgroups', own('cgroups')], ['mounts', mountText], ['namespaces', own('namespaces')], ['limits', own('limits')], ['environ', own('environ')]];
    const columns = { ...row, argv: parseArgv(argv) };
    const record = { ...columns } as unknown as ProcessRecord;
    for (const [name, text] of lists) defineLazyList(record, name, text, CHILD_TABLES[name]);
    sources.set(record, { columns, lists: new Map(lists) });
    return record;
  });
}

/**
 * A record as texts: its columns, then its fds, cgroups, mounts, namespaces, limits and
 * environment as read. Two records with equal texts are equal, and telling so builds none of their lists.
 */
export function processRecordTexts(record: ProcessRecord): string[] {
  const source = sources.get(record);
  return source ? [JSON.stringify(source.columns), ...source.lists.values()] : [JSON.stringify(record)];
}

/** One child list of a record (`fds`, `mounts`…) as the text it was read as: equal texts are equal lists. Undefined when not known. */
export function processListText(record: ProcessRecord, list: string): string | undefined {
  return sources.get(record)?.lists.get(list);
}

/**
 * `record[name]`: `text` (SQLite's JSON, so always valid: an array of each row's values) parsed
 * on first use into rows keyed by column name, sorted by the list's sort key when it has one;
 * enumerable, so spreads and JSON.stringify see the list.
 */
function defineLazyList(record: object, name: string, text: string, source: ListSource): void {
  let parsed: Record<string, unknown>[] | undefined;
  Object.defineProperty(record, name, { enumerable: true, configurable: true, get: () => (parsed ??= parseRows(text, source)) });
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
