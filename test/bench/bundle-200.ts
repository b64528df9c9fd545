/**
 * Export, verify and import times for a 200-container snapshot (`npx tsx test/bench/bundle-200.ts`),
 * reported in seconds and as ratios to an in-process baseline: copying the snapshot file.
 * The snapshot is synthesized at the size a live capture of 200 containers has: per container a
 * config.v2.json, hostconfig, hosts, resolv.conf and OCI config, an inspect body, a 64 KiB log
 * tail, env and labels, and two processes with environ, fds, mounts and cgroups.
 */
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportBundle, importBundle, verifyBundle } from '../../src/index.js';
import { writeSnapshotFile } from '../../src/store/write.js';
import { makeSecrets, secretSnapshot, CONTAINER_ID, PID } from '../helpers/secret-snapshot.js';

const CONTAINERS = Number(process.argv[2] ?? 200);
const dir = mkdtempSync(join(tmpdir(), 'docksnap-bench-'));

function synthesize(): Parameters<typeof writeSnapshotFile>[1] {
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

async function time<T>(what: string, run: () => Promise<T> | T): Promise<number> {
  const start = performance.now();
  await run();
  const seconds = (performance.now() - start) / 1000;
  console.log(`${what.padEnd(28)} ${seconds.toFixed(3)} s`);
  return seconds;
}

try {
  const source = join(dir, 'source.db');
  await writeSnapshotFile(source, synthesize(), { force: false });
  console.log(`snapshot: ${CONTAINERS} containers, ${(statSync(source).size / 1024 / 1024).toFixed(1)} MiB`);
  const env = { XDG_CONFIG_HOME: join(dir, 'config') };
  const baseline = await time('baseline: copy the file', () => copyFileSync(source, join(dir, 'copy.db')));
  const results: [string, number][] = [];
  for (const [name, options] of [['bundle.tar.gz', {}], ['bundle.tar', {}], ['raw.tar.gz', { redact: false }]] as const) {
    results.push([`export ${name}`, await time(`export ${name}`, () => exportBundle(source, { output: join(dir, name), force: false, env, ...options }))]);
  }
  results.push(['verify bundle.tar.gz', await time('verify bundle.tar.gz', () => verifyBundle(join(dir, 'bundle.tar.gz')))]);
  results.push(['import bundle.tar.gz', await time('import bundle.tar.gz', () => importBundle(join(dir, 'bundle.tar.gz'), { output: join(dir, 'imported.db'), force: false }))]);
  results.push(['import bundle.tar', await time('import bundle.tar', () => importBundle(join(dir, 'bundle.tar'), { output: join(dir, 'imported2.db'), force: false }))]);
  console.log(`bundle.tar.gz ${(statSync(join(dir, 'bundle.tar.gz')).size / 1024 / 1024).toFixed(1)} MiB`);
  for (const [what, seconds] of results) console.log(`${what.padEnd(28)} ${(seconds / Math.max(baseline, 1e-6)).toFixed(0)}× the copy`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
