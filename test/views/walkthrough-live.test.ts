/**
 * The nine walkthrough questions on a live capture of a private engine, one docksnap command each,
 * checked against the engine and /proc. A busybox httpd serves 127.0.0.1 on the host network as
 * python's http.server did; a client container holds a connection to it through `sleep | nc`, so
 * that a TCP peer and a pipe peer can be named.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { capture } from '../../src/capture.js';
import type { ContainerDetail } from '../../src/read/container.js';
import type { ProcessView } from '../../src/read/process.js';
import type { TreeNode } from '../../src/read/process-tree.js';
import { runInProcess } from '../helpers/cli.js';
import { Engine, uniqueName, useEngine } from '../helpers/engine.js';
import { cliJson } from '../helpers/offline-capture.js';
import { assertMatchesSchema } from '../helpers/schema.js';
import { tempDir } from '../helpers/tmp.js';

const engine = await useEngine();
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

interface Inspect {
  Id: string;
  State: { Pid: number };
  LogPath: string;
}

describe('the nine walkthrough questions on a live capture', { skip: engine instanceof Engine ? false : engine.skip }, () => {
  const docker = engine as Engine;
  const web = uniqueName('web');
  const client = uniqueName('client');
  const port = 20000 + Math.floor(Math.random() * 20000);
  const snapshot = join(tempDir(), 'live.db');
  let webInspect: Inspect;

  before(async () => {
    docker.run(web, ['sh', '-c', `echo serving on ${port}; exec httpd -f -p 127.0.0.1:${port} -h /www`], { network: 'host', flags: ['--memory', '64m', '--cap-drop', 'NET_RAW', '--pids-limit', '50'] });
    webInspect = docker.inspect<Inspect>(web);
    await waitFor(() => listening(port));
    docker.run(client, ['sh', '-c', `sleep 1000 | nc 127.0.0.1 ${port}`], { network: 'host' });
    await waitFor(() => established(port) && readFileSync(webInspect.LogPath, 'utf8').includes('serving'));
    await capture({ offline: false, force: false, output: snapshot, dockerHost: docker.info.host, logTailBytes: 65536, apiTimeoutMs: 5000 });
  });

  after(async () => {
    docker.remove(web, client);
    await docker.stop();
  });

  test('1. docker ps → show: web is running with its image', async () => {
    const { stdout } = await runInProcess(['show', snapshot]);
    assert.match(stdout, new RegExp(`^${webInspect.Id.slice(0, 12)} +${web} +docksnap-test/busybox:latest +running +${webInspect.State.Pid} `, 'm'));
  });

  test('2. lsof -i :PORT → show --ports: the port, the httpd process, its container', async () => {
    const { stdout } = await runInProcess(['show', snapshot, '--ports']);
    assert.match(stdout, new RegExp(`^tcp +127\\.0\\.0\\.1:${port} +0\\.0\\.0\\.0:0 +LISTEN +${webInspect.State.Pid} +httpd +${web}$`, 'm'));
  });

  test("3. ls -l /proc/DOCKERD/fd → show --daemon: web's json log is among the daemon's fds", async () => {
    const view = (await cliJson(['show', snapshot, '--daemon', '--json'])) as ProcessView;
    assertMatchesSchema('process.schema.json', view);
    assert.equal(view.pid, docker.info.pid);
    const logFds = view.fds.filter((f) => f.target === webInspect.LogPath);
    assert.ok(logFds.length >= 1, 'the daemon holds the json log open');
    assert.ok(logFds.every((f) => f.note === `json log of container ${web}`));
  });

  test('4. cat the json log → cat SNAP web log: the bytes of the file', async () => {
    const result = await runInProcess(['cat', snapshot, web, 'log']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, readFileSync(webInspect.LogPath, 'utf8'));
    assert.match(result.stdout, /^\{"log":"serving on \d+\\n","stream":"stdout","time":"[^"]+"\}\n$/);
  });

  test("5. pgrep httpd; ps -fp PID → show --tree: httpd under web's shim, under the engine's dockerd tree", async () => {
    const tree = (await cliJson(['show', snapshot, '--tree', '--json'])) as TreeNode[];
    assertMatchesSchema('tree.schema.json', tree);
    const all = flatten(tree);
    const httpd = all.find((n) => n.node.pid === webInspect.State.Pid);
    assert.equal(httpd?.node.container, web);
    assert.deepEqual(httpd?.node.argv, ['httpd', '-f', '-p', `127.0.0.1:${port}`, '-h', '/www']);
    const stat = readFileSync(`/proc/${webInspect.State.Pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    assert.equal(httpd?.parent?.pid, ppid);
    assert.equal(httpd?.parent?.role, 'shim');
    assert.ok(all.some((n) => n.node.pid === docker.info.pid && n.node.role === 'dockerd'));
    const text = (await runInProcess(['show', snapshot, '--tree'])).stdout;
    assert.match(text, new RegExp(`└─ ${webInspect.State.Pid} \\[container ${web}\\] httpd -f -p 127\\.0\\.0\\.1:${port} -h /www`));
  });

  test('6. ls -l /proc/PID/fd → show --process PID: the fds /proc lists; the client\'s connection and pipe name their peers', async () => {
    const pid = webInspect.State.Pid;
    const view = (await cliJson(['show', snapshot, '--process', String(pid), '--json'])) as ProcessView;
    assertMatchesSchema('process.schema.json', view);
    assert.deepEqual(view.fds.map((f) => ({ fd: f.fd, target: f.target })), liveFds(pid));
    assert.equal(view.parents[0]?.role, 'shim');
    const clientDetail = (await cliJson(['show', snapshot, '--container', client, '--json'])) as ContainerDetail;
    const nc = clientDetail.processes.find((p) => p.comm === 'nc');
    const sleep = clientDetail.processes.find((p) => p.comm === 'sleep');
    assert.ok(nc && sleep, 'nc and sleep are captured');
    const ncView = (await cliJson(['show', snapshot, '--process', String(nc.pid), '--json'])) as ProcessView;
    const connection = ncView.fds.find((f) => f.socket?.state === 'ESTABLISHED' && f.socket.remote_port === port);
    assert.ok(connection, 'nc holds the connection');
    assert.ok(connection.peers.length >= 1 && connection.peers.every((p) => p.container === web && p.process === 'httpd'), JSON.stringify(connection.peers));
    const pipe = ncView.fds.find((f) => f.fd === 0);
    assert.match(pipe?.target ?? '', /^pipe:\[\d+\]$/);
    assert.deepEqual(pipe?.peers.map((p) => [p.pid, p.fd, p.container]), [[sleep.pid, 1, client]]);
  });

  test('7. ls -l containers/ID/ → show --container web: the files, each with the sha256 of the file on disk; cat prints hosts', async () => {
    const detail = (await cliJson(['show', snapshot, '--container', web, '--json'])) as ContainerDetail;
    assertMatchesSchema('container.schema.json', detail);
    const dir = join(docker.info.dataRoot, 'containers', webInspect.Id);
    for (const name of ['hostconfig.json', 'hostname', 'hosts', 'resolv.conf']) {
      assert.equal(detail.files.find((f) => f.role === name)?.sha256, sha256(readFileSync(join(dir, name))), name);
    }
    const hosts = await runInProcess(['cat', snapshot, web, 'hosts']);
    assert.equal(hosts.stdout, readFileSync(join(dir, 'hosts'), 'utf8'));
    const settings = Object.fromEntries(detail.settings.filter((s) => !s.is_default).map((s) => [s.name, s.value]));
    const hostConfig = docker.inspect<{ HostConfig: { Memory: number; CapDrop: string[]; PidsLimit: number } }>(web).HostConfig;
    assert.deepEqual([settings['memory'], settings['cap_drop'], settings['pids_limit']], [hostConfig.Memory, hostConfig.CapDrop, hostConfig.PidsLimit]);
    assert.deepEqual([hostConfig.Memory, hostConfig.PidsLimit], [64 * 1024 * 1024, 50]);
  });

  test('8. cat /proc/PID/cgroup → show --process PID: the cgroup lines', async () => {
    const pid = webInspect.State.Pid;
    const view = (await cliJson(['show', snapshot, '--process', String(pid), '--json'])) as ProcessView;
    const lines = readFileSync(`/proc/${pid}/cgroup`, 'utf8').trim().split('\n');
    assert.deepEqual(view.cgroups.map((g) => `${g.hierarchy_id}:${g.controllers}:${g.path}`).sort(), [...lines].sort());
  });

  test('9. cat /proc/PID/mounts → show --process PID: every mount point of its mount table', async () => {
    const pid = webInspect.State.Pid;
    const view = (await cliJson(['show', snapshot, '--process', String(pid), '--json'])) as ProcessView;
    const points = readFileSync(`/proc/${pid}/mountinfo`, 'utf8').trim().split('\n').map((l) => l.split(' ')[4]?.replace(/\\040/g, ' '));
    assert.deepEqual(view.mounts.map((m) => m.mount_point), points);
    assert.equal(view.mounts[0]?.fs_type, 'overlay');
  });
});

function flatten(nodes: readonly TreeNode[], parent?: TreeNode): { node: TreeNode; parent: TreeNode | undefined }[] {
  return nodes.flatMap((node) => [{ node, parent }, ...flatten(node.children, node)]);
}

function liveFds(pid: number): { fd: number; target: string }[] {
  return readdirSync(`/proc/${pid}/fd`)
    .map(Number)
    .sort((a, b) => a - b)
    .map((fd) => ({ fd, target: readlinkSync(`/proc/${pid}/fd/${fd}`) }));
}

function tcpRows(): string[][] {
  return readFileSync('/proc/net/tcp', 'utf8').trim().split('\n').slice(1).map((l) => l.trim().split(/\s+/));
}

function listening(port: number): boolean {
  return tcpRows().some((r) => r[1]?.endsWith(`:${port.toString(16).toUpperCase().padStart(4, '0')}`) && r[3] === '0A');
}

function established(port: number): boolean {
  return tcpRows().some((r) => r[2]?.endsWith(`:${port.toString(16).toUpperCase().padStart(4, '0')}`) && r[3] === '01');
}

async function waitFor(check: () => boolean, timeoutMs = 15000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the containers');
    await new Promise((r) => setTimeout(r, 100));
  }
}
