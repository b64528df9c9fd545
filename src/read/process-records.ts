import type { SnapshotDb } from '../store/open.js';
import type { ProcessRow } from '../types/snapshot.generated.js';
import type { ProcessDetail } from './container.js';
import { groupBy } from './group.js';

/** A process with its child tables, as `show --container` has it, plus whose it is. */
export interface ProcessRecord extends ProcessDetail {
  readonly container_id: string | null;
}

/**
 * Every captured process with its fds, cgroups, namespaces, limits and environment, one query
 * per table. Mount tables are read only for container processes: a daemon process sees the
 * host's mount table, which is the host's and not the process's (and is the bulk of a large host).
 */
export function readProcessRecords(db: SnapshotDb): ProcessRecord[] {
  const byPid = <T extends { pid: number }>(table: string, columns: string, order: string) =>
    groupBy(db.all<T>(`SELECT pid, ${columns} FROM ${table} ORDER BY pid, ${order}`), (r) => r.pid);
  const fds = byPid<ProcessDetail['fds'][number] & { pid: number }>('process_fds', 'fd, target, kind, inode, pos, flags, mnt_id', 'fd');
  const cgroups = byPid<ProcessDetail['cgroups'][number] & { pid: number }>('process_cgroups', 'hierarchy_id, controllers, path', 'hierarchy_id DESC');
  const mounts = groupBy(
    db.all<ProcessDetail['mounts'][number] & { pid: number }>(
      `SELECT p.pid, m.position, m.mount_id, m.parent_id, m.device, m.root, m.mount_point, m.mount_options, m.optional_fields, m.fs_type, m.source, m.super_options
         FROM processes p JOIN mounts m ON m.mnt_ns = p.mnt_ns
        WHERE p.role = 'container' ORDER BY p.pid, m.position`,
    ),
    (r) => r.pid,
  );
  const namespaces = byPid<ProcessDetail['namespaces'][number] & { pid: number }>('process_namespaces', 'type, inode', 'type');
  const limits = byPid<ProcessDetail['limits'][number] & { pid: number }>('process_limits', 'name, soft, hard, units', 'name');
  const environ = byPid<ProcessDetail['environ'][number] & { pid: number }>('process_environ', 'name, value', 'position');
  // Rows keep their pid column: copying every row without it would cost more than the column does.
  const strip = <T extends { pid: number }>(rows: T[] | undefined): Omit<T, 'pid'>[] => rows ?? [];
  return db.all<ProcessRow>('SELECT * FROM processes ORDER BY pid').map(({ cmdline: _cmdline, argv, ...row }) => ({
    ...row,
    argv: parseArgv(argv),
    fds: strip(fds.get(row.pid)),
    cgroups: strip(cgroups.get(row.pid)),
    mounts: strip(mounts.get(row.pid)),
    namespaces: strip(namespaces.get(row.pid)),
    limits: strip(limits.get(row.pid)),
    environ: strip(environ.get(row.pid)),
  }));
}

function parseArgv(text: string): string[] {
  try {
    const value = JSON.parse(text) as unknown;
    return Array.isArray(value) ? value.map(String) : [];
  } catch {
    return [];
  }
}
