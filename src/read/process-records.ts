import type { SnapshotDb } from '../store/open.js';
import type { ProcessRow } from '../types/snapshot.generated.js';
import type { ProcessDetail } from './container.js';

/** A process with its child tables, as `show --container` has it, plus whose it is. */
export interface ProcessRecord extends ProcessDetail {
  readonly container_id: string | null;
}

type ChildList = 'fds' | 'cgroups' | 'namespaces' | 'limits' | 'environ';

/** Each child table of a process: its columns as the record has them, in the order `show` lists them. */
const CHILD_TABLES: Readonly<Record<ChildList, { table: string; columns: readonly string[]; order: string }>> = {
  fds: { table: 'process_fds', columns: ['fd', 'target', 'kind', 'inode', 'pos', 'flags', 'mnt_id'], order: 'fd' },
  cgroups: { table: 'process_cgroups', columns: ['hierarchy_id', 'controllers', 'path'], order: 'hierarchy_id DESC, controllers' },
  namespaces: { table: 'process_namespaces', columns: ['type', 'inode'], order: 'type' },
  limits: { table: 'process_limits', columns: ['name', 'soft', 'hard', 'units'], order: 'name' },
  environ: { table: 'process_environ', columns: ['name', 'value'], order: 'position' },
};
const MOUNT_COLUMNS = ['position', 'mount_id', 'parent_id', 'device', 'root', 'mount_point', 'mount_options', 'optional_fields', 'fs_type', 'source', 'super_options'];

/** Each record's own columns and its child rows as the JSON text they were read as (see processRecordText). */
const sources = new WeakMap<ProcessRecord, { readonly columns: object; readonly lists: ReadonlyMap<string, string> }>();

/**
 * Every captured process with its fds, cgroups, namespaces, limits and environment, one query
 * per table. Mount tables are read only for container processes: a daemon process sees the
 * host's mount table, which is the host's and not the process's (and is the bulk of a large host).
 * SQLite hands each process's rows of a table over as one JSON array, parsed on first use: a
 * diff of two captures of one host compares those texts and never builds most of the rows.
 */
export function readProcessRecords(db: SnapshotDb): ProcessRecord[] {
  const texts = new Map<ChildList, Map<number, string>>();
  for (const [list, { table, columns, order }] of Object.entries(CHILD_TABLES) as [ChildList, (typeof CHILD_TABLES)[ChildList]][]) {
    const rows = db.all<{ pid: number; rows: string }>(`SELECT pid, json_group_array(${jsonObject(columns)} ORDER BY ${order}) AS rows FROM ${table} GROUP BY pid`);
    texts.set(list, new Map(rows.map((r) => [r.pid, r.rows])));
  }
  const mounts = new Map(
    db
      .all<{ mnt_ns: string; rows: string }>(
        `SELECT mnt_ns, json_group_array(${jsonObject(MOUNT_COLUMNS)} ORDER BY position) AS rows FROM mounts
          WHERE mnt_ns IN (SELECT mnt_ns FROM processes WHERE role = 'container') GROUP BY mnt_ns`,
      )
      .map((r) => [r.mnt_ns, r.rows]),
  );
  return db.all<ProcessRow>('SELECT * FROM processes ORDER BY pid').map(({ cmdline: _cmdline, argv, ...row }) => {
    const own = (list: ChildList) => texts.get(list)?.get(row.pid) ?? '[]';
    const mountText = row.role === 'container' ? (mounts.get(row.mnt_ns) ?? '[]') : '[]';
    const lists: [string, string][] = [['fds', own('fds')], ['cgroups', own('cgroups')], ['mounts', mountText], ['namespaces', own('namespaces')], ['limits', own('limits')], ['environ', own('environ')]];
    const columns = { ...row, argv: parseArgv(argv) };
    const record = { ...columns } as unknown as ProcessRecord;
    for (const [name, text] of lists) defineLazyList(record, name, text);
    sources.set(record, { columns, lists: new Map(lists) });
    return record;
  });
}

/**
 * A record as text, its fds, cgroups, mounts, namespaces, limits and environment included: two
 * records with equal texts are equal, and telling so builds none of their lists.
 */
export function processRecordText(record: ProcessRecord): string {
  const source = sources.get(record);
  return source ? `${JSON.stringify(source.columns)}\n${[...source.lists.values()].join('\n')}` : JSON.stringify(record);
}

/** One child list of a record (`fds`, `mounts`…) as the text it was read as: equal texts are equal lists. Undefined when not known. */
export function processListText(record: ProcessRecord, list: string): string | undefined {
  return sources.get(record)?.lists.get(list);
}

/** `json_object('fd', fd, 'target', target…)`: a row as SQLite's JSON, column names as keys. */
function jsonObject(columns: readonly string[]): string {
  return `json_object(${columns.map((c) => `'${c}', ${c}`).join(', ')})`;
}

/** `record[name]`: `text` (SQLite's JSON, so always valid) parsed on first use; enumerable, so spreads and JSON.stringify see the list. */
function defineLazyList(record: object, name: string, text: string): void {
  let parsed: unknown[] | undefined;
  Object.defineProperty(record, name, { enumerable: true, configurable: true, get: () => (parsed ??= JSON.parse(text) as unknown[]) });
}

function parseArgv(text: string): string[] {
  try {
    const value = JSON.parse(text) as unknown;
    return Array.isArray(value) ? value.map(String) : [];
  } catch {
    return [];
  }
}
