import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { capture } from '../../src/capture.js';
import { openSnapshot } from '../../src/open.js';
import { readShowReport } from '../../src/read/show.js';
import { Engine, uniqueName, useEngine } from '../helpers/engine.js';
import { tempDir } from '../helpers/tmp.js';

const engine = await useEngine();

describe('the private engine', { skip: engine instanceof Engine ? false : engine.skip }, () => {
  const docker = engine as Engine;
  const name = uniqueName('foundation');
  let id = '';

  before(() => {
    id = docker.run(name, ['sleep', '600']);
  });
  after(async () => {
    docker.remove(name);
    await docker.stop();
  });

  test('runs a container of the imported busybox image, never on a bridge', () => {
    const inspected = docker.inspect<{ State: { Running: boolean; Pid: number }; HostConfig: { NetworkMode: string } }>(id);
    assert.equal(inspected.State.Running, true);
    assert.equal(inspected.HostConfig.NetworkMode, 'none');
    assert.match(readFileSync(`/proc/${inspected.State.Pid}/cgroup`, 'utf8'), new RegExp(id));
  });

  test("a capture beside it records this host's identity", async () => {
    const path = join(tempDir(), 'engine.db');
    const summary = await capture({ output: path, force: false, offline: false, dockerHost: docker.info.host, logTailBytes: 65536, apiTimeoutMs: 5000 });
    const db = await openSnapshot(summary.path);
    try {
      const report = readShowReport(db);
      assert.equal(report.snapshot.host_name, readFileSync('/proc/sys/kernel/hostname', 'utf8').trim());
      assert.equal(report.snapshot.boot_id, readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim());
      assert.equal(report.snapshot.mode, 'live');
      assert.equal(report.snapshot.docker_host, docker.info.host);
      assert.equal(report.snapshot.docker_root, docker.info.dataRoot);
      assert.equal(report.snapshot.exec_root, docker.info.execRoot);
      assert.match(report.snapshot.docker_version ?? '', /^20\.10\./);
      assert.deepEqual(report.daemons.filter((d) => d.captured).map((d) => d.pid), [docker.info.pid]);
      assert.equal(report.containers.find((c) => c.id === id)?.state, 'running');
    } finally {
      db.close();
    }
  });
});
