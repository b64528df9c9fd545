/**
 * The nine questions of the 2013 walkthrough, each answered by one docksnap command (no query) on
 * its reconstructed host, checked against the fixture's own files.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { SNAPSHOTS, captureFixture, cliJson, type OfflineCapture } from '../helpers/offline-capture.js';
import { runInProcess } from '../helpers/cli.js';
import { assertMatchesSchema } from '../helpers/schema.js';
import { tempDir } from '../helpers/tmp.js';
import type { ProcessView } from '../../src/read/process.js';
import type { TreeNode } from '../../src/read/process-tree.js';
import type { ContainerDetail } from '../../src/read/container.js';

const FIXTURE = join(SNAPSHOTS, 'lxc-2013');
const ID = 'a86b320f3c71a7473d06f2184a955d7f76ef3dfb113b0f22b4a8cd8a544f0793';
const CONTAINER_DIR = join(FIXTURE, 'docker-root', 'containers', ID);
const LOG = `/var/lib/docker/containers/${ID}/${ID}-json.log`;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const fixtureFds = (pid: number) =>
  readdirSync(join(FIXTURE, 'proc', String(pid), 'fd'))
    .map(Number)
    .sort((a, b) => a - b)
    .map((fd) => ({ fd, target: readlinkSync(join(FIXTURE, 'proc', String(pid), 'fd', String(fd))) }));

describe('the nine walkthrough questions on the 2013 host, one command each', () => {
  const workDir = tempDir();
  let capture: OfflineCapture;
  before(async () => {
    capture = await captureFixture(FIXTURE, workDir);
  });

  test('1. docker ps → show: the one running container, its image, and its command in show --container', async () => {
    const { stdout } = await runInProcess(['show', capture.snapshot]);
    assert.match(stdout, /^a86b320f3c71 +- +ubuntu:12\.10 +running +2306 /m);
    const config = JSON.parse(readFileSync(join(CONTAINER_DIR, 'config.json'), 'utf8')) as { Path: string; Args: string[] };
    const text = (await runInProcess(['show', capture.snapshot, '--container', 'a86b'])).stdout;
    assert.match(text, new RegExp(`^command +${[config.Path, ...config.Args].join(' ')}$`, 'm'));
    assert.match(text, /^8000\/tcp +0\.0\.0\.0:8000$/m);
  });

  test('2. lsof -i :8000 → show --ports: 127.0.0.1:8000 is held by pid 473 (docker -d); the container side names the container by short id', async () => {
    const { stdout } = await runInProcess(['show', capture.snapshot, '--ports']);
    assert.match(stdout, /^tcp +127\.0\.0\.1:8000 +0\.0\.0\.0:0 +LISTEN +473 +docker +-$/m);
    assert.match(stdout, /^tcp +0\.0\.0\.0:8000 +0\.0\.0\.0:0 +LISTEN +2308 +python3 +a86b320f3c71$/m);
  });

  test("3. ls -l /proc/473/fd → show --daemon: every fd of the daemon, the container's json log among them", async () => {
    const view = (await cliJson(['show', capture.snapshot, '--daemon', '--json'])) as ProcessView;
    assertMatchesSchema('process.schema.json', view);
    assert.equal(view.pid, 473);
    assert.deepEqual(view.fds.map((f) => ({ fd: f.fd, target: f.target })), fixtureFds(473));
    assert.deepEqual(view.fds.filter((f) => f.target === LOG).map((f) => [f.fd, f.note]), [[8, 'json log of container a86b320f3c71'], [9, 'json log of container a86b320f3c71']]);
    const text = (await runInProcess(['show', capture.snapshot, '--daemon'])).stdout;
    assert.match(text, /^8 +\/var\/lib\/docker\/containers\/a86b.*-json\.log +json log of container a86b320f3c71$/m);
    assert.match(text, /^5 +socket:\[14398\] +tcp 127\.0\.0\.1:8000 → 0\.0\.0\.0:0 LISTEN; listening$/m);
  });

  test('4. cat <id>-json.log → cat SNAP CONTAINER log: the stored bytes, and show --container one record per line', async () => {
    const onDisk = readFileSync(join(CONTAINER_DIR, `${ID}-json.log`));
    const result = await runInProcess(['cat', capture.snapshot, 'a86b320f3c71', 'log']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(sha256(Buffer.from(result.stdout, 'utf8')), sha256(onDisk));
    const detail = (await cliJson(['show', capture.snapshot, '--container', 'a86b', '--json'])) as ContainerDetail;
    const records = onDisk.toString('utf8').replace(/\}\{/g, '}\n{').split('\n').filter(Boolean);
    assert.equal(records.length, 2);
    assert.deepEqual(detail.log?.records, records);
    const text = (await runInProcess(['show', capture.snapshot, '--container', 'a86b'])).stdout;
    for (const record of records) assert.ok(text.includes(`\n${record.replace(/\r/g, '\\r').replace(/\n/g, '\\n')}\n`), record);
  });

  test('5. pgrep python; ps -fp 2308 → show --tree: python3 2308 under 2306, the container\'s recorded pid (lxc-start), apart from the daemon', async () => {
    const tree = (await cliJson(['show', capture.snapshot, '--tree', '--json'])) as TreeNode[];
    assertMatchesSchema('tree.schema.json', tree);
    const stat = readFileSync(join(FIXTURE, 'proc', '2308', 'stat'), 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    assert.equal(ppid, 2306);
    assert.deepEqual(tree.map((n) => [n.pid, n.role, n.captured]), [[473, 'dockerd', true], [ppid, 'container init', false]]);
    assert.deepEqual(tree[1]?.children.map((n) => [n.pid, n.comm, n.container, n.argv]), [[2308, 'python3', 'a86b320f3c71', ['/usr/bin/python3', '-m', 'http.server']]]);
    const text = (await runInProcess(['show', capture.snapshot, '--tree'])).stdout;
    assert.equal(text, '473 [dockerd] docker -d  (parent 1 not captured)\n2306 (container init a86b320f3c71: not captured)\n└─ 2308 [container a86b320f3c71] /usr/bin/python3 -m http.server\n');
  });

  test('6. ls -l /proc/2308/fd → show --process 2308: its fds, rootfs.hold named as the container\'s', async () => {
    const view = (await cliJson(['show', capture.snapshot, '--process', '2308', '--json'])) as ProcessView;
    assertMatchesSchema('process.schema.json', view);
    assert.deepEqual(view.fds.map((f) => ({ fd: f.fd, target: f.target })), fixtureFds(2308));
    assert.equal(view.fds.find((f) => f.fd === 8)?.note, 'rootfs.hold of container a86b320f3c71');
    assert.deepEqual(view.parents.map((p) => [p.pid, p.captured]), [[2306, false]]);
    assert.equal(view.container, 'a86b320f3c71');
  });

  test('7. ls -l /var/lib/docker/containers/<id>/ → show --container lists the files; cat prints config.lxc with its stored sha256', async () => {
    const detail = (await cliJson(['show', capture.snapshot, '--container', ID, '--json'])) as ContainerDetail;
    assertMatchesSchema('container.schema.json', detail);
    const onDisk = ['config.json', 'config.lxc', 'hostconfig.json'];
    assert.deepEqual(detail.files.map((f) => [f.role, f.sha256]), onDisk.map((name) => [name, sha256(readFileSync(join(CONTAINER_DIR, name)))]));
    assert.equal(detail.files.find((f) => f.role === 'hostconfig.json')?.content, readFileSync(join(CONTAINER_DIR, 'hostconfig.json'), 'utf8'));
    const lxc = await runInProcess(['cat', capture.snapshot, 'a86b', 'config.lxc']);
    assert.equal(sha256(Buffer.from(lxc.stdout, 'utf8')), detail.files.find((f) => f.role === 'config.lxc')?.sha256);
  });

  test('8. cat /proc/2308/cgroup → show --process 2308: the nine hierarchies under /lxc/<id>', async () => {
    const view = (await cliJson(['show', capture.snapshot, '--process', '2308', '--json'])) as ProcessView;
    const lines = readFileSync(join(FIXTURE, 'proc', '2308', 'cgroup'), 'utf8').trim().split('\n');
    assert.equal(lines.length, 9);
    assert.deepEqual(view.cgroups.map((g) => `${g.hierarchy_id}:${g.controllers}:${g.path}`), lines);
    const text = (await runInProcess(['show', capture.snapshot, '--process', '2308'])).stdout;
    for (const l of lines) assert.ok(text.includes(`\n${l}\n`), l);
  });

  test('9. cat /proc/2308/mounts → show --process 2308: the aufs root and every other mount', async () => {
    const view = (await cliJson(['show', capture.snapshot, '--process', '2308', '--json'])) as ProcessView;
    const lines = readFileSync(join(FIXTURE, 'proc', '2308', 'mounts'), 'utf8').trim().split('\n').map((l) => l.split(' '));
    assert.deepEqual(view.mounts.map((m) => [m.source, m.mount_point, m.fs_type, m.mount_options]), lines.map((f) => [f[0], f[1], f[2], f[3]]));
    assert.ok(view.mounts.some((m) => m.mount_point === '/' && m.fs_type === 'aufs'));
    const text = (await runInProcess(['show', capture.snapshot, '--container', 'a86b'])).stdout;
    assert.match(text, /^mount  \/ aufs none rw,relatime,si=3a1cffc99314fd51$/m);
  });

  test('cat of a file that was not captured is exit 2 naming what was', async () => {
    const result = await runInProcess(['cat', capture.snapshot, 'a86b', 'resolv.conf']);
    assert.equal(result.code, 2);
    assert.equal(result.stderr, 'docksnap: resolv.conf — is not a file captured for container a86b320f3c71; captured: config.json, config.lxc, hostconfig.json, log\n');
  });

  test('nothing under the copied roots changed', () => capture.assertUnchanged());
});
