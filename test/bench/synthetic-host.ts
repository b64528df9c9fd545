/**
 * A synthetic snapshot at the size a live capture of N containers has: per container a
 * config.v2.json, hostconfig, hosts, resolv.conf and OCI config, an inspect body, a 64 KiB log
 * tail, env and labels, and two processes with environ, fds, mounts and cgroups.
 */
import type { writeSnapshotFile } from '../../src/store/write.js';
import { makeSecrets, secretSnapshot, CONTAINER_ID, PID } from '../helpers/secret-snapshot.js';

export function synthesize(CONTAINERS: number): Parameters<typeof writeSnapshotFile>[1] {
  const one = secretSnapshot(makeSecrets());
  const rows: Record<string, unknown[]> = {};
  const add = (table: string, items: readonly unknown[] | undefined) => (rows[table] ??= []).push(...(items ?? []));
  const logLine = JSON.stringify({ log: 'GET /health 200 password=abc123 took 3ms\n', stream: 'stdout', time: '2026-01-01T00:00:00.000000000Z' });
  const tail = Buffer.from(`${Array.from({ length: Math.ceil(65536 / logLine.length) }, () => logLine).join('\n')}\n`.slice(-65536));
  let fileId = 0;
  for (let i = 0; i < CONTAINERS; i++) {
    const id = i.toString(16).padStart(8, '0').padEnd(64, 'c');
    const pids = [10_000 + 2 * i, 10_001 + 2 * i];
    const swap = <T>(items: readonly T[] | undefined, pid?: number) =>
      (items ?? []).map(
        (row) =>
          JSON.parse(JSON.stringify(row, (k, v) => (k === 'pid' && v === PID ? pid : v)).replaceAll(CONTAINER_ID, id), (_k, v) =>
            v && v.type === 'Buffer' ? Buffer.from(v.data) : v,
          ) as T,
      );
    add('containers', swap(one.containers).map((c) => ({ ...c, name: `sleeper-${i}`, pid: pids[0] })));
    add('container_env', swap(one.container_env));
    add('container_labels', swap(one.container_labels));
    add('container_logs', swap(one.container_logs).map((l) => ({ ...l, tail, tail_offset: 0, size: tail.length })));
    add('files', swap(one.files).filter((f) => f.role !== 'daemon.json').map((f) => ({ ...f, id: ++fileId })));
    add('api_responses', swap(one.api_responses?.slice(0, 1)).map((r) => ({ ...r, endpoint: `/containers/${id}/json` })));
    for (const pid of pids) {
      add('processes', swap(one.processes, pid).map((p) => ({ ...p, pid })));
      add('process_environ', swap(one.process_environ, pid));
      add('process_fds', Array.from({ length: 20 }, (_, fd) => ({ pid, fd, target: fd < 3 ? '/dev/null' : `pipe:[${pid * 100 + fd}]`, kind: fd < 3 ? 'device' : 'pipe', inode: pid * 100 + fd, pos: 0, flags: '02', mnt_id: 1 })));
      add('mounts', Array.from({ length: 20 }, (_, position) => ({ mnt_ns: `mnt:[${pid}]`, position, mount_id: position, parent_id: 1, device: '0:1', root: '/', mount_point: `/m${position}`, mount_options: 'rw', optional_fields: null, fs_type: 'overlay', source: 'overlay', super_options: 'lowerdir=/a:/b,upperdir=/c,workdir=/d' })));
      add('process_cgroups', [{ pid, hierarchy_id: 0, controllers: '', path: `/system.slice/docker-${id}.scope` }]);
    }
  }
  return { snapshot: one.snapshot, ...rows } as Parameters<typeof writeSnapshotFile>[1];
}
