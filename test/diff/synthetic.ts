/**
 * Small synthetic snapshots for the diff tests: a host with containers (env, labels, mounts,
 * files, one process each) written to real snapshot files, so the diff reads them the way it
 * reads a capture.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { diffSnapshots } from '../../src/diff/index.js';
import type { DiffOptions, DiffResult } from '../../src/diff/types.js';
import { openSnapshot } from '../../src/open.js';
import { writeSnapshotFile, type SnapshotContent } from '../../src/store/write.js';
import type { TableInserts } from '../../src/types/snapshot.generated.js';
import { minimalSnapshot } from '../helpers/snapshot-content.js';

type Rows<T extends keyof TableInserts> = TableInserts[T][];

export interface FakeContainer {
  readonly id: string;
  readonly name: string;
  readonly pid?: number;
  readonly startedAt?: string;
  readonly env?: Record<string, string>;
  readonly labels?: Record<string, string>;
  readonly memory?: number;
  readonly source?: string;
  /** Run state (default running) with its exit code and OOM flag. */
  readonly state?: 'running' | 'paused' | 'exited';
  readonly exitCode?: number;
  readonly oomKilled?: boolean;
  /** Leave out its process's fds (as when they could not be read). */
  readonly noFds?: boolean;
}

export interface FakeHost {
  readonly host?: string;
  readonly boot?: string;
  readonly root?: string;
  readonly containers: readonly FakeContainer[];
  readonly errors?: Rows<'capture_error'>;
  readonly networks?: readonly string[];
  readonly dockerVersion?: string | null;
}

export const hexId = (seed: string) => Buffer.from(seed).toString('hex').padEnd(64, '0').slice(0, 64);

export function fakeSnapshot(host: FakeHost): SnapshotContent {
  const root = host.root ?? '/var/lib/docker';
  const rows = {
    containers: [] as Rows<'containers'>, container_env: [] as Rows<'container_env'>, container_labels: [] as Rows<'container_labels'>,
    files: [] as Rows<'files'>, processes: [] as Rows<'processes'>, process_fds: [] as Rows<'process_fds'>, process_cgroups: [] as Rows<'process_cgroups'>,
  };
  for (const c of host.containers) {
    const pid = c.pid ?? 1000 + (Number.parseInt(c.id.slice(0, 4), 16) % 30000);
    const dir = `${root}/containers/${c.id}`;
    rows.containers.push({
      id: c.id, name: c.name, image_id: `sha256:${'a'.repeat(64)}`, image_name: 'busybox', state: c.state ?? 'running', running: c.state === 'exited' ? 0 : 1,
      pid: c.state === 'exited' ? 0 : pid, exit_code: c.exitCode ?? 0, created_at: '2026-01-01T00:00:00Z', started_at: c.startedAt ?? '2026-01-01T00:00:01Z',
      finished_at: c.state === 'exited' ? '2026-01-01T00:00:09Z' : null, restart_count: 0, oom_killed: c.oomKilled === undefined ? 0 : Number(c.oomKilled), path: 'sleep', args: '["1000"]',
      hostname: c.id.slice(0, 12), restart_policy: 'no', network_mode: 'none', storage_driver: 'overlay2', mount_id: `m${c.id}`.slice(0, 64),
      log_path: `${dir}/${c.id}-json.log`, log_driver: 'json-file', config_format: 'v2', source: c.source ?? 'both', engine_id: null, pod_id: null, namespace: null, runtime: null, snapshotter: null, pod_name: null, pod_namespace: null, cri_kind: null,
    });
    Object.entries(c.env ?? {}).forEach(([name, value], position) => rows.container_env.push({ container_id: c.id, position, name, value }));
    for (const [key, value] of Object.entries(c.labels ?? {})) rows.container_labels.push({ container_id: c.id, key, value });
    const hostConfig = { Memory: c.memory ?? 0, CapAdd: ['NET_ADMIN', 'SYS_TIME'], NetworkMode: 'none' };
    rows.files.push(file(c.id, 'hostconfig.json', `${dir}/hostconfig.json`, hostConfig), file(c.id, 'hostname', `${dir}/hostname`, { hostname: c.id.slice(0, 12) }));
    if (c.state === 'exited') continue;
    rows.processes.push({
      pid, start_time: pid * 10, ppid: 1, role: 'container', container_id: c.id, comm: 'sleep', cmdline: Buffer.from('sleep\u00001000\u0000'), argv: '["sleep","1000"]',
      exe: '/bin/busybox', cwd: '/', root: '/', state: 'S', uids: '0 0 0 0', gids: '0 0 0 0', threads: 1, vm_rss_kib: 100 + pid, nspid: `${pid} 1`, oom_score_adj: 0, net_ns: null, mnt_ns: `mnt:[${pid}]`, engine_id: null,
    });
    if (!c.noFds) rows.process_fds.push({ pid, fd: 1, target: `pipe:[${pid}]`, kind: 'pipe', inode: pid, pos: 0, flags: '01', mnt_id: 12 });
    rows.process_cgroups.push({ pid, hierarchy_id: 0, controllers: '', path: `/system.slice/docker-${c.id}.scope` });
  }
  return {
    ...minimalSnapshot({ host_name: host.host ?? 'alpha', boot_id: host.boot ?? 'boot-1', docker_root: root, docker_version: host.dockerVersion === undefined ? '20.10.24' : host.dockerVersion }),
    ...rows,
    capture_error: host.errors ?? [],
    networks: (host.networks ?? ['none']).map((name) => ({ id: hexId(`${host.host}${name}`), name, driver: 'null', scope: 'local', created_at: '2026-01-01T00:00:00Z' })),
  };
}

function file(containerId: string, role: string, path: string, parsed: unknown): TableInserts['files'] {
  const content = Buffer.from(JSON.stringify(parsed));
  return { container_id: containerId, role, path, size: content.length, mode: 0o644, mtime: '2026-01-01T00:00:00.000Z', sha256: createHash('sha256').update(content).digest('hex'), content, parsed: JSON.stringify(parsed) };
}

let written = 0;

/** Writes both hosts as snapshot files in `dir` and diffs them. */
export async function diffFakes(dir: string, a: FakeHost, b: FakeHost, options: DiffOptions = {}): Promise<DiffResult> {
  const [pa, pb] = [join(dir, `a${++written}.db`), join(dir, `b${written}.db`)];
  await writeSnapshotFile(pa, fakeSnapshot(a), { force: false });
  await writeSnapshotFile(pb, fakeSnapshot(b), { force: false });
  const [da, db] = [await openSnapshot(pa), await openSnapshot(pb)];
  try {
    return diffSnapshots(da, db, options);
  } finally {
    da.close();
    db.close();
  }
}

/** The report's changes without the fields most tests do not care about. */
export function brief(result: DiffResult): string[] {
  return result.changes.map((c) => `${c.group} ${c.kind} ${c.entity_kind} ${c.entity_key} ${c.path} ${JSON.stringify(c.old)} → ${JSON.stringify(c.new)}`);
}
