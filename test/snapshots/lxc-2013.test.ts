/**
 * The 2013 walkthrough (snapshots/lxc-2013/WALKTHROUGH.md), answered from its reconstructed
 * host: a Docker root and a saved /proc, captured offline.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SNAPSHOTS, captureFixture, cliJson, type OfflineCapture } from '../helpers/offline-capture.js';
import { tempDir } from '../helpers/tmp.js';

const ID = 'a86b320f3c71a7473d06f2184a955d7f76ef3dfb113b0f22b4a8cd8a544f0793';
const LOG = `/var/lib/docker/containers/${ID}/${ID}-json.log`;

describe('the 2013 LXC host of the walkthrough', () => {
  const workDir = tempDir();
  let capture: OfflineCapture;
  before(async () => {
    capture = await captureFixture(join(SNAPSHOTS, 'lxc-2013'), workDir);
  });

  test('who listens on 127.0.0.1:8000: pid 473, the docker -d daemon', async () => {
    const ports = (await cliJson(['show', capture.snapshot, '--ports', '--json'])) as { local_address: string; local_port: number; state: string; pid: number; process: string }[];
    const listener = ports.find((p) => p.local_address === '127.0.0.1' && p.local_port === 8000 && p.state === 'LISTEN');
    assert.equal(listener?.pid, 473);
    assert.equal(listener?.process, 'docker');
    const sql = "SELECT f.pid, f.fd FROM sockets s JOIN process_fds f ON f.inode = s.inode WHERE s.local_port = 8000 AND s.local_address = '127.0.0.1'";
    assert.deepEqual(await cliJson(['query', capture.snapshot, sql, '--json']), { columns: ['pid', 'fd'], rows: [[473, 5]] });
  });

  test("the daemon holds the container's json log open, as ls -l /proc/473/fd showed", async () => {
    const sql = 'SELECT fd, target FROM process_fds WHERE pid = 473 AND fd IN (8, 9) ORDER BY fd';
    assert.deepEqual(await cliJson(['query', capture.snapshot, sql, '--json']), { columns: ['fd', 'target'], rows: [[8, LOG], [9, LOG]] });
  });

  test('python (2308, child of 2306) is in the container, with its nine cgroups under /lxc/<id>', async () => {
    const view = (await cliJson(['show', capture.snapshot, '--container', 'a86b320f3c71', '--json'])) as {
      container: { id: string; image_name: string; path: string; args: string[]; config_format: string; log_path: string };
      config: { ports: { container_port: number; host_port: number | null }[] };
      processes: { pid: number; ppid: number; argv: string[]; cgroups: { controllers: string; path: string }[]; fds: { fd: number; target: string }[] }[];
      log: { tail: string };
    };
    assert.equal(view.container.id, ID);
    assert.equal(view.container.image_name, 'ubuntu:12.10');
    assert.deepEqual([view.container.path, ...view.container.args], ['/usr/bin/python3', '-m', 'http.server']);
    assert.equal(view.container.config_format, 'lxc');
    assert.equal(view.container.log_path, LOG);
    assert.deepEqual(view.config.ports.map((p) => [p.container_port, p.host_port]), [[8000, 8000]]);
    const python = view.processes.find((p) => p.pid === 2308);
    assert.equal(python?.ppid, 2306);
    assert.deepEqual(python?.argv, ['/usr/bin/python3', '-m', 'http.server']);
    assert.deepEqual(
      python?.cgroups.map((c) => c.controllers),
      ['hugetlb', 'perf_event', 'blkio', 'freezer', 'devices', 'memory', 'cpuacct', 'cpu', 'cpuset'],
    );
    assert.ok(python?.cgroups.every((c) => c.path === `/lxc/${ID}`));
    assert.equal(python?.fds.find((f) => f.fd === 8)?.target, `/var/lib/docker/containers/${ID}/rootfs.hold`);
    assert.match(view.log.tail, /"GET \/ HTTP\/1.1\\" 200/);
  });

  test('nothing under the copied roots changed', () => capture.assertUnchanged());
});
