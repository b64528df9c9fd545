import { processListText, processRecordTexts, type ProcessRecord } from '../../read/process-records.js';
import type { Entity } from '../entity.js';
import { cgroupKey, fdKey, processKey, processLabel, processMatchKey } from '../keys.js';
import { byMatchKey, keyed, LazyMember, LazyRows, object, objectWithLazy, sameFlatRow, type Tree, type TreeObject } from '../tree.js';
import type { DiffMode } from '../types.js';

export interface ProcessNaming {
  /** Pids of the processes that `docker exec` started and of their descendants (build.ts execPids). */
  readonly execs: ReadonlySet<number>;
  readonly mode: DiffMode;
  /** The report name of the container a process belongs to. */
  readonly ownerLabel: (containerId: string) => string;
  /** A value with every noise rewrite of the mode applied, for keys built from host values. */
  readonly normalize: (text: string) => string;
  /**
   * True when both snapshots' lists build equal trees from equal stored texts (one host, and
   * the same rewrites on both sides): a list equal as text is then not built to be compared.
   */
  readonly listTexts?: boolean;
}

/**
 * A process as a tree: its identity and credentials, fds, cgroups, namespaces, limits and
 * environment keyed, and (for a container's processes) its mount table keyed by mount point.
 * Across hosts, processes with equal keys get an ordinal, oldest first.
 */
export function processEntities(processes: readonly ProcessRecord[], naming: ProcessNaming): Entity[] {
  const ordered = [...processes].sort((x, y) => (x.start_time ?? 0) - (y.start_time ?? 0) || x.pid - y.pid);
  const seen = new Map<string, number>();
  return ordered.map((p) => {
    const owner = p.container_id ? naming.ownerLabel(p.container_id) : null;
    const label = processLabel(p.role, owner, p.argv.map(naming.normalize));
    const exe = p.exe === null ? null : naming.normalize(p.exe);
    // Only the fields the keys use: a spread of the record would build its lists.
    const identity = { pid: p.pid, start_time: p.start_time, role: p.role, exe };
    let match = processMatchKey(identity, label, naming.mode);
    let key = processKey(identity, label, naming.mode);
    const count = (seen.get(match) ?? 0) + 1;
    seen.set(match, count);
    if (count > 1) [match, key] = [`${match} #${count}`, `${key} #${count}`];
    const exec = naming.execs.has(p.pid);
    let tree: TreeObject | undefined;
    let summary: TreeObject | undefined;
    return {
      kind: 'process',
      match,
      key,
      nativeId: String(p.pid),
      owner: p.container_id,
      role: p.role,
      exec,
      source: null,
      get tree() {
        return (tree ??= processTree(p, naming));
      },
      fingerprint: naming.mode === 'same-host' ? [owner, String(exec), ...processRecordTexts(p)] : undefined,
      get summary() {
        return (summary ??= object([['pid', p.pid], ['argv', p.argv]]));
      },
    };
  });
}

function processTree(p: ProcessRecord, naming: ProcessNaming): TreeObject {
  // A list's tree depends on its rows, the process's role and the rewrites (naming.listTexts).
  const list = <R extends object>(name: string, rows: () => readonly R[], rowKey: (row: R) => string, buildFrom: (rows: readonly R[]) => Tree): Tree | LazyMember => {
    const text = naming.listTexts ? processListText(p, name) : undefined;
    return text === undefined ? buildFrom(rows()) : new LazyRows(`${p.role}\n${text}`, rows, rowKey, sameFlatRow, buildFrom);
  };
  // A list keyed by rowKey itself: the key narrowing compares by is the key the tree takes, by construction.
  const keyedList = <R extends object>(name: string, rows: () => readonly R[], rowKey: (row: R) => string, value: (row: R) => Tree) =>
    list(name, rows, rowKey, (subset) => keyed(subset, rowKey, value));
  const fdKeyOf = (f: ProcessRecord['fds'][number]) => fdKey(f, p.role, naming.normalize);
  const entries: [string, Tree | LazyMember][] = [
    ['pid', p.pid],
    ['ppid', p.ppid],
    ['start_time', p.start_time],
    ['nspid', p.nspid],
    ['comm', p.comm],
    ['argv', p.argv],
    ['exe', p.exe],
    ['cwd', p.cwd],
    ['root', p.root],
    ['state', p.state],
    ['uids', p.uids],
    ['gids', p.gids],
    ['threads', p.threads],
    ['vm_rss_kib', p.vm_rss_kib],
    ['oom_score_adj', p.oom_score_adj],
    ['fds', list('fds', () => p.fds, fdKeyOf, (fds) => keyed(byMatchKey(fds, fdKeyOf, (f) => `${f.flags} ${f.kind} ${f.target}`), ([key]) => key, ([, f]) => object([...(p.role === 'container' ? [] : [['fd', f.fd] as const]), ['flags', f.flags], ['kind', f.kind], ['mnt_id', f.mnt_id], ['pos', f.pos], ['target', f.target]])))],
    ['cgroups', keyedList('cgroups', () => p.cgroups, cgroupKey, (c) => c.path)],
    ['namespaces', keyedList('namespaces', () => p.namespaces, (n) => n.type, (n) => n.inode)],
    ['limits', keyedList('limits', () => p.limits, (l) => l.name, (l) => object([['hard', l.hard], ['soft', l.soft], ['units', l.units]]))],
    ['environ', keyedList('environ', () => p.environ, (e) => e.name, (e) => e.value)],
  ];
  if (p.role === 'container') {
    const fields = ['device', 'fs_type', 'mount_id', 'mount_options', 'optional_fields', 'parent_id', 'root', 'source', 'super_options'] as const;
    entries.push(['mounts', keyedList('mounts', () => p.mounts, (m) => m.mount_point, (m) => object(fields.map((f) => [f, m[f]])))]);
  }
  return objectWithLazy(entries);
}
