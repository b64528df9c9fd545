/**
 * A private containerd (own --root, --state and socket; CRI plugin off) with the busybox image
 * imported into two namespaces: a running httpd on 127.0.0.1 with the host network, a stopped
 * container (no task), and a Kubernetes-labelled pod (sandbox and app container) whose CRI log the
 * test writes the way the kubelet does. Captured live, again after one container is removed and
 * another added (diff), and offline once the daemon is gone. Expected values come from ctr and
 * the files on disk.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { capture, type CaptureFileOptions } from '../../src/capture.js';
import { runInProcess } from '../helpers/cli.js';
import { startContainerd, CONTAINERD_IMAGE, type PrivateContainerd } from '../helpers/containerd.js';
import { OPT_OUT_ENV } from '../helpers/engine.js';
import { assertMatchesSchema } from '../helpers/schema.js';
import { tempDir } from '../helpers/tmp.js';

const skip = process.env[OPT_OUT_ENV] === '1' && !process.env['CI'] ? `private engines disabled by ${OPT_OUT_ENV}=1` : false;

const POD = { 'io.kubernetes.pod.name': 'shop', 'io.kubernetes.pod.namespace': 'team', 'io.kubernetes.pod.uid': '0b1f6c1e-7a51-4a8e-9d7e-3c2f1a0e9b77' };

interface CtrInfo {
  Labels: Record<string, string>;
  Image: string;
  Runtime: { Name: string };
  Snapshotter: string;
  SnapshotKey: string;
  CreatedAt: string;
}

describe('a private containerd captured live, after a change, and offline', { skip }, () => {
  let c: PrivateContainerd;
  const dir = tempDir();
  const podLogs = join(dir, 'pods');
  const port = 20000 + Math.floor(Math.random() * 20000);
  const before_ = join(dir, 'before.db');
  const after_ = join(dir, 'after.db');
  const offline = join(dir, 'offline.db');
  const pids = new Map<string, number>();
  const infos = new Map<string, CtrInfo>();
  let log = '';

  const show = async (args: string[]) => {
    const result = await runInProcess(['show', ...args, '--json']);
    assert.equal(result.code, 0, result.stderr);
    return JSON.parse(result.stdout) as Record<string, unknown>;
  };
  const live = (output: string): CaptureFileOptions => ({ offline: false, force: false, containerdRoot: c.root, containerdState: c.state, podLogRoot: podLogs, logTailBytes: 65536, apiTimeoutMs: 5000, output });
  const taskPids = (namespace: string) => {
    for (const line of c.ctr(namespace, ['task', 'ls']).split('\n').slice(1)) {
      const [id, pid, status] = line.split(/\s+/);
      if (id && status === 'RUNNING') pids.set(`${namespace}/${id}`, Number(pid));
    }
  };

  before(async () => {
    c = await startContainerd(['default', 'k8s.io']);
    c.run('default', 'web', ['httpd', '-f', '-p', `127.0.0.1:${port}`, '-h', '/www'], { hostNetwork: true, labels: { tier: 'front' } });
    c.run('default', 'idle', ['sleep', '1000']);
    await c.stopTask('default', 'idle');
    c.run('k8s.io', 'pause', ['sleep', '1000'], { labels: { ...POD, 'io.cri-containerd.kind': 'sandbox' } });
    c.run('k8s.io', 'app', ['sleep', '1000'], { labels: { ...POD, 'io.cri-containerd.kind': 'container', 'io.kubernetes.container.name': 'cart' } });
    const logDir = join(podLogs, `team_shop_${POD['io.kubernetes.pod.uid']}`, 'cart');
    mkdirSync(logDir, { recursive: true });
    writeFileSync(join(logDir, '0.log'), '2026-01-01T00:00:00.000000000Z stdout F first run\n');
    log = '2026-01-01T00:01:00.000000000Z stdout F second run\n2026-01-01T00:01:01.000000000Z stderr P part\n';
    writeFileSync(join(logDir, '1.log'), log);
    for (const [ns, id] of [['default', 'web'], ['default', 'idle'], ['k8s.io', 'pause'], ['k8s.io', 'app']] as const) infos.set(`${ns}/${id}`, JSON.parse(c.ctr(ns, ['containers', 'info', id])) as CtrInfo);
    taskPids('default');
    taskPids('k8s.io');
    await capture(live(before_));
    await c.remove('default', 'idle');
    c.run('default', 'added', ['sleep', '1000']);
    taskPids('default');
    await capture(live(after_));
  });

  after(async () => {
    await c?.stop();
  });

  test('every container of both namespaces, with its state and task pid, attributed to the engine', async () => {
    const report = await show([before_]);
    assertMatchesSchema('show.schema.json', report);
    const engine = `containerd:${c.root}`;
    assert.deepEqual(report['engines'], [{
      id: engine, kind: 'containerd', version: null, data_root: c.root, run_root: c.state, endpoint: null, api_answered: false, pid: c.pid, storage_driver: null, state_db: null, container_count: 4,
    }]);
    const rows = (report['containers'] as { id: string; name: string; state: string; pid: number | null; engine: string }[]).map((r) => [r.id, r.name, r.state, r.pid, r.engine]);
    assert.deepEqual(rows.sort(), [
      ['default/idle', 'idle', 'created', null, engine],
      ['default/web', 'web', 'running', pids.get('default/web'), engine],
      ['k8s.io/app', 'cart', 'running', pids.get('k8s.io/app'), engine],
      ['k8s.io/pause', 'shop', 'running', pids.get('k8s.io/pause'), engine],
    ]);
    const roles = (report['daemon_processes'] as { pid: number; role: string }[]).map((p) => `${p.role}`).sort();
    assert.deepEqual(roles, ['containerd', 'shim', 'shim', 'shim']);
  });

  test('show --container: what ctr says of it, the spec verbatim, the task files, the layer chain down to the image', async () => {
    const web = await show([before_, '--container', 'default/web']);
    assertMatchesSchema('container.schema.json', web);
    const info = infos.get('default/web')!;
    const container = web['container'] as Record<string, unknown>;
    const manifest = c.ctr('default', ['images', 'ls']).split('\n').find((l) => l.startsWith(CONTAINERD_IMAGE))!.split(/\s+/)[2]!;
    const configDigest = (JSON.parse(c.ctr('default', ['content', 'get', manifest])) as { config: { digest: string } }).config.digest;
    assert.deepEqual(
      [container['image_name'], container['image_id'], container['namespace'], container['runtime'], container['snapshotter'], container['network_mode'], container['path'], container['args']],
      [info.Image, configDigest, 'default', info.Runtime.Name, info.Snapshotter, 'host', 'httpd', ['-f', '-p', `127.0.0.1:${port}`, '-h', '/www']],
    );
    assert.equal(Date.parse(container['created_at'] as string), Date.parse(info.CreatedAt));
    assert.deepEqual((web['config'] as { labels: Record<string, string> }).labels, info.Labels);
    assert.deepEqual((web['processes'] as { pid: number }[]).map((p) => p.pid), [pids.get('default/web')]);
    assert.deepEqual((web['monitors'] as { role: string }[]).map((m) => m.role), ['shim']);
    const files = new Map((web['files'] as { role: string; path: string; sha256: string }[]).map((f) => [f.role, f]));
    assert.deepEqual([...files.keys()].sort(), ['containerd-spec.json', 'init.pid', 'oci-config.json']);
    const task = join(c.state, 'io.containerd.runtime.v2.task', 'default', 'web');
    assert.equal(files.get('oci-config.json')?.sha256, sha256(readFileSync(join(task, 'config.json'))));
    assert.equal(files.get('init.pid')?.sha256, sha256(readFileSync(join(task, 'init.pid'))));
    const mount = c.ctr('default', ['snapshots', '--snapshotter', 'overlayfs', 'mounts', '/mnt', info.SnapshotKey]);
    const upper = /upperdir=([^,\s]+)/.exec(mount)?.[1];
    const lower = /lowerdir=([^,\s]+)/.exec(mount)?.[1];
    const layers = web['layers'] as { role: string; diff_path: string }[];
    assert.deepEqual(layers.map((l) => [l.role, l.diff_path]), [['rw', upper], ['image', lower]]);
  });

  test('Kubernetes: pod name, namespace and uid from the CRI labels, the sandbox marked, the newest CRI log tailed', async () => {
    const app = await show([before_, '--container', 'k8s.io/app']);
    const pause = await show([before_, '--container', 'k8s.io/pause']);
    const facts = (d: Record<string, unknown>) => {
      const x = d['container'] as Record<string, unknown>;
      return [x['pod_name'], x['pod_namespace'], x['pod_id'], x['cri_kind']];
    };
    assert.deepEqual(facts(app), ['shop', 'team', POD['io.kubernetes.pod.uid'], 'container']);
    assert.deepEqual(facts(pause), ['shop', 'team', POD['io.kubernetes.pod.uid'], 'sandbox']);
    const tail = app['log'] as { path: string; tail: string };
    assert.equal(tail.path, join(podLogs, `team_shop_${POD['io.kubernetes.pod.uid']}`, 'cart', '1.log'));
    assert.equal(tail.tail, log);
    assert.equal(pause['log'], null);
    const text = await runInProcess(['show', before_, '--container', 'k8s.io/pause']);
    assert.match(text.stdout, /engine {5}containerd:\S+ {2}namespace k8s\.io {2}runtime io\.containerd\.runc\.v2 {2}pod team\/shop \(0b1f6c1e-7a51-4a8e-9d7e-3c2f1a0e9b77\) {2}sandbox\n/);
  });

  test('show --ports ties the 127.0.0.1 listener to httpd and to the web container', async () => {
    const result = await runInProcess(['show', before_, '--ports', '--json']);
    assert.equal(result.code, 0, result.stderr);
    const ports = JSON.parse(result.stdout) as { local_address: string; local_port: number; state: string; pid: number; container_id: string }[];
    const listener = ports.find((p) => p.local_port === port && p.state === 'LISTEN');
    assert.deepEqual(listener && [listener.local_address, listener.pid, listener.container_id], ['127.0.0.1', pids.get('default/web'), 'default/web']);
  });

  test('diff: the removed container and the added one', async () => {
    const result = await runInProcess(['diff', before_, after_, '--format', 'json']);
    assert.equal(result.code, 1, result.stderr);
    const changes = JSON.parse(result.stdout) as { entity_kind: string; entity_key: string; path: string; kind: string }[];
    const whole = changes.filter((ch) => ch.entity_kind === 'container' && ch.path === '').map((ch) => `${ch.kind} ${ch.entity_key}`);
    assert.deepEqual(whole.sort(), ['added added', 'removed idle']);
  });

  test('offline, once the daemon is gone: the same containers from the same root and state', async () => {
    await c.stopDaemon();
    const summary = await capture({ offline: true, force: false, containerdRoot: c.root, containerdState: c.state, logTailBytes: 65536, apiTimeoutMs: 5000, output: offline });
    assert.equal(summary.containers, 4);
    const rows = async (snapshot: string) =>
      ((await show([snapshot]))['containers'] as { id: string; name: string; state: string; pid: number | null; image: string }[]).map((r) => `${r.id} ${r.name} ${r.state} ${r.pid} ${r.image}`).sort();
    assert.deepEqual(await rows(offline), await rows(after_));
    const layers = async (snapshot: string) => JSON.stringify((await show([snapshot, '--container', 'default/web']))['layers']);
    assert.equal(await layers(offline), await layers(after_));
    const cli = await runInProcess(['capture', '--offline', '--containerd-root', join(dir, 'pods'), '-o', join(dir, 'wrong.db'), '-q']);
    assert.equal(cli.code, 2);
    assert.match(cli.stderr, /not a containerd root/);
  });
});

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
