/**
 * A containerd root written byte by byte from containerd's documented layouts (metadata/buckets.go,
 * snapshots/storage/bolt.go, the OCI image and runtime specs): a two-layer image, a container with
 * a task, and the hostile cases (a namespace that is a path, a spec that is not a protobuf Any, a
 * snapshot chain that loops). Expected values are the fixture's own bytes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { capture } from '../../../src/capture.js';
import { runInProcess } from '../../helpers/cli.js';
import { buildBoltFile } from '../../helpers/bolt-tree.js';
import { any, goTime, sha, varint } from '../../helpers/containerd-bytes.js';
import { tempDir } from '../../helpers/tmp.js';

const diffIds = [sha('layer one'), sha('layer two')];
const chain2 = sha(`${diffIds[0]} ${diffIds[1]}`);
const config = JSON.stringify({ architecture: 'amd64', os: 'linux', created: '2025-05-05T05:05:05Z', rootfs: { type: 'layers', diff_ids: diffIds } });
const manifest = JSON.stringify({ schemaVersion: 2, config: { digest: sha(config) }, layers: [] });
const spec = JSON.stringify({
  ociVersion: '1.0.2-dev',
  process: { args: ['/bin/server', '--port', '8080'], env: ['PATH=/bin', 'MODE=prod'] },
  hostname: 'web-host',
  mounts: [{ destination: '/data', type: 'bind', source: '/srv/data', options: ['rbind', 'ro'] }],
  linux: { namespaces: [{ type: 'pid' }, { type: 'network', path: '/var/run/netns/cni-1' }], cgroupsPath: '/default/web' },
});

function craftRoot(dir: string): { root: string; state: string } {
  const root = join(dir, 'root');
  const state = join(dir, 'state');
  const write = (path: string, bytes: Buffer | string) => {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, bytes);
  };
  const container = (extra: Record<string, Buffer | string>) => ({ image: 'example.com/app:1', snapshotter: 'overlayfs', runtime: { name: 'io.containerd.runc.v2' }, ...extra });
  write(join(root, 'io.containerd.metadata.v1.bolt/meta.db'), buildBoltFile({
    v1: {
      version: varint(6),
      default: {
        containers: {
          web: { ...container({ snapshotKey: 'web', createdat: goTime('2026-01-02T03:04:05Z', 123456789), spec: any('types.containerd.io/opencontainers/runtime-spec/1/Spec', spec) }), labels: { tier: 'front' } },
          garbled: container({ spec: Buffer.from([0xff, 0xff, 0xff, 0x01]) }),
          loop: container({ snapshotKey: 'loop' }),
        },
        images: { 'example.com/app:1': { target: { digest: sha(manifest), mediatype: 'application/vnd.oci.image.manifest.v1+json' } } },
        snapshots: {
          overlayfs: {
            [diffIds[0]!]: { name: `default/1/${diffIds[0]}` },
            [chain2]: { name: `default/2/${chain2}`, parent: diffIds[0]! },
            web: { name: 'default/3/web', parent: chain2 },
            loop: { name: 'default/4/loop' },
          },
        },
        leases: { 'pull-1': { createdat: goTime('2026-01-01T00:00:00Z', 0), labels: { 'containerd.io/gc.expire': '2026-01-02T00:00:00Z' }, snapshots: { overlayfs: { web: '' } }, content: { [sha(manifest)]: '', [sha(config)]: '' } } },
      },
      '..': { containers: { '..': container({}) } },
    },
  }));
  write(join(root, 'io.containerd.snapshotter.v1.overlayfs/metadata.db'), buildBoltFile({
    v1: {
      snapshots: {
        [`default/1/${diffIds[0]}`]: { id: varint(1), kind: Buffer.from([3]) },
        [`default/2/${chain2}`]: { id: varint(2), kind: Buffer.from([3]), parent: `default/1/${diffIds[0]}` },
        'default/3/web': { id: varint(3), kind: Buffer.from([2]), parent: `default/2/${chain2}` },
        'default/4/loop': { id: varint(4), kind: Buffer.from([2]), parent: 'default/5/loop' },
        'default/5/loop': { id: varint(5), kind: Buffer.from([2]), parent: 'default/4/loop' },
      },
    },
  }));
  for (const blob of [config, manifest]) write(join(root, 'io.containerd.content.v1.content/blobs/sha256', sha(blob).slice(7)), blob);
  write(join(state, 'io.containerd.runtime.v2.task/default/web/config.json'), spec);
  write(join(state, 'io.containerd.runtime.v2.task/default/web/init.pid'), '4242');
  return { root, state };
}

test('a crafted containerd root: containers, image, layer chains, task, lease; hostile values reported, never followed', async () => {
  const dir = tempDir();
  const { root, state } = craftRoot(dir);
  const output = join(dir, 'crafted.db');
  const summary = await capture({ offline: true, force: false, containerdRoot: root, containerdState: state, logTailBytes: 4096, apiTimeoutMs: 1000, drift: null, output });
  assert.equal(summary.containers, 4);
  const db = new Database(output, { readonly: true });
  const all = <T>(sql: string) => db.prepare(sql).all() as T[];
  const web = db.prepare("SELECT * FROM containers WHERE id = 'default/web'").get() as Record<string, unknown>;
  assert.deepEqual(
    [web['name'], web['image_id'], web['state'], web['pid'], web['created_at'], web['path'], web['args'], web['hostname'], web['network_mode'], web['namespace'], web['runtime'], web['mount_id']],
    ['web', sha(config), 'running', 4242, '2026-01-02T03:04:05.123456789Z', '/bin/server', '["--port","8080"]', 'web-host', 'ns:/var/run/netns/cni-1', 'default', 'io.containerd.runc.v2', '3'],
  );
  assert.deepEqual(all("SELECT name, value FROM container_env WHERE container_id = 'default/web' ORDER BY position"), [{ name: 'PATH', value: '/bin' }, { name: 'MODE', value: 'prod' }]);
  assert.deepEqual(all("SELECT destination, source, rw FROM container_mounts WHERE container_id = 'default/web'"), [{ destination: '/data', source: '/srv/data', rw: 0 }]);
  const snapshots = join(root, 'io.containerd.snapshotter.v1.overlayfs/snapshots');
  assert.deepEqual(all("SELECT position, role, layer_id, chain_id, diff_path FROM container_layers WHERE container_id = 'default/web' ORDER BY position"), [
    { position: 0, role: 'rw', layer_id: '3', chain_id: null, diff_path: `${snapshots}/3/fs` },
    { position: 1, role: 'image', layer_id: '2', chain_id: chain2, diff_path: `${snapshots}/2/fs` },
    { position: 2, role: 'image', layer_id: '1', chain_id: diffIds[0], diff_path: `${snapshots}/1/fs` },
  ]);
  assert.deepEqual(all('SELECT position, layer_id, diff_id, chain_id FROM image_layers ORDER BY position'), [
    { position: 0, layer_id: '2', diff_id: diffIds[1], chain_id: chain2 },
    { position: 1, layer_id: '1', diff_id: diffIds[0], chain_id: diffIds[0] },
  ]);
  assert.deepEqual(all('SELECT id, created_at, os, architecture, source FROM images'), [{ id: sha(config), created_at: '2025-05-05T05:05:05Z', os: 'linux', architecture: 'amd64', source: 'containerd-root' }]);
  assert.deepEqual(all('SELECT image_id, tag FROM image_tags'), [{ image_id: sha(config), tag: 'example.com/app:1' }]);
  assert.deepEqual(all('SELECT namespace, id, created_at, labels, snapshots, content FROM containerd_leases'), [
    { namespace: 'default', id: 'pull-1', created_at: '2026-01-01T00:00:00.000000000Z', labels: '{"containerd.io/gc.expire":"2026-01-02T00:00:00Z"}', snapshots: 1, content: 2 },
  ]);
  const files = all<{ role: string; size: number; content: Buffer }>("SELECT role, size, content FROM files WHERE container_id = 'default/web' ORDER BY role");
  assert.deepEqual(files.map((f) => [f.role, f.size, f.content.toString()]), [['containerd-spec.json', spec.length, spec], ['init.pid', 4, '4242'], ['oci-config.json', spec.length, spec]]);
  // The loop ends where it closes; the garbled spec is a capture error; the namespace named .. is only text.
  assert.deepEqual(all("SELECT layer_id FROM container_layers WHERE container_id = 'default/loop' ORDER BY position"), [{ layer_id: '4' }, { layer_id: '5' }]);
  assert.deepEqual(all("SELECT code, subject FROM capture_error WHERE code = 'bad-protobuf'"), [{ code: 'bad-protobuf', subject: 'container default/garbled' }]);
  assert.deepEqual(all("SELECT id, state FROM containers WHERE namespace = '..'"), [{ id: '../..', state: 'created' }]);
  db.close();
  const shown = await runInProcess(['show', output, '--container', 'default/web']);
  assert.equal(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, /engine {5}containerd:\S+ {2}namespace default {2}runtime io\.containerd\.runc\.v2\n/);
});

test('offline: a directory without meta.db is not a containerd root (exit 2); --offline accepts --containerd-root alone', async () => {
  const dir = tempDir();
  const result = await runInProcess(['capture', '--offline', '--containerd-root', dir, '-o', join(dir, 'x.db')]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /not a containerd root \(no io\.containerd\.metadata\.v1\.bolt\/meta\.db\)/);
});

test("a crafted Kubernetes node: the pod's hostPorts from its sandbox's CRI metadata, an app container's exit from the CRI status checkpoint", async () => {
  const dir = tempDir();
  const root = join(dir, 'root');
  const write = (path: string, bytes: Buffer | string) => {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, bytes);
  };
  // As the CRI plugin's encoding/json writes them: zero values left out (protocol 0 is TCP, host_port 0 is none).
  const sandboxMetadata = JSON.stringify({
    Version: 'v1',
    Metadata: {
      ID: 'pod1', Name: 'shop_team_uid_0',
      Config: { metadata: { name: 'shop', uid: 'uid', namespace: 'team' }, port_mappings: [{ container_port: 8080, host_port: 30080, host_ip: '127.0.0.1' }, { protocol: 1, container_port: 53, host_port: 53 }, { container_port: 9090 }, { protocol: 7, container_port: 1 }] },
      NetNSPath: '/var/run/netns/cni-1', IP: '10.88.0.5',
    },
  });
  const labels = { 'io.kubernetes.pod.name': 'shop', 'io.kubernetes.pod.namespace': 'team', 'io.kubernetes.pod.uid': 'uid' };
  const container = (kind: string, extensions: Record<string, Buffer>) => ({ runtime: { name: 'io.containerd.runc.v2' }, labels: { ...labels, 'io.cri-containerd.kind': kind }, ...(Object.keys(extensions).length ? { extensions } : {}) });
  write(join(root, 'io.containerd.metadata.v1.bolt/meta.db'), buildBoltFile({
    v1: {
      version: varint(6),
      'k8s.io': {
        containers: {
          pod1: container('sandbox', { 'io.cri-containerd.sandbox.metadata': any('github.com/containerd/cri/pkg/store/sandbox/Metadata', sandboxMetadata) }),
          app1: container('container', {}),
        },
      },
    },
  }));
  const status = '{"Version":"v1","Pid":0,"CreatedAt":1764496800000000000,"StartedAt":1764496801000000001,"FinishedAt":1764497100000000002,"ExitCode":1,"Reason":"Error","Message":"","Resources":null}';
  write(join(root, 'io.containerd.grpc.v1.cri/containers/app1/status'), status);
  const output = join(dir, 'node.db');
  await capture({ offline: true, force: false, containerdRoot: root, logTailBytes: 4096, apiTimeoutMs: 1000, drift: null, output });
  const db = new Database(output, { readonly: true });
  try {
    assert.deepEqual(db.prepare('SELECT container_id, container_port, proto, host_ip, host_port FROM container_ports ORDER BY container_port').all(), [
      { container_id: 'k8s.io/pod1', container_port: 53, proto: 'udp', host_ip: '', host_port: 53 },
      { container_id: 'k8s.io/pod1', container_port: 8080, proto: 'tcp', host_ip: '127.0.0.1', host_port: 30080 },
      { container_id: 'k8s.io/pod1', container_port: 9090, proto: 'tcp', host_ip: '', host_port: null },
    ]);
    assert.deepEqual(db.prepare("SELECT role, content FROM files WHERE container_id = 'k8s.io/pod1'").all(), [{ role: 'cri-sandbox-metadata.json', content: Buffer.from(sandboxMetadata) }]);
    assert.deepEqual(db.prepare("SELECT state, exit_code, oom_killed, started_at, finished_at FROM containers WHERE id = 'k8s.io/app1'").get(), {
      state: 'exited', exit_code: 1, oom_killed: 0, started_at: '2025-11-30T10:00:01.000000001Z', finished_at: '2025-11-30T10:05:00.000000002Z',
    });
    assert.deepEqual(db.prepare("SELECT state, exit_code FROM containers WHERE id = 'k8s.io/pod1'").get(), { state: 'created', exit_code: null }, 'no task, no checkpoint: created');
  } finally {
    db.close();
  }
});
