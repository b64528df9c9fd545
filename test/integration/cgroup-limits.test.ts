/**
 * Limits set with docker run are read back from the live cgroup files of this host (cgroup v1
 * controllers, with cgroup2 mounted at unified/ when the host is hybrid) by a live capture.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { capture } from '../../src/capture.js';
import { openSnapshot } from '../../src/open.js';
import { readContainerDetail } from '../../src/read/container.js';
import { Engine, uniqueName, useEngine } from '../helpers/engine.js';
import { tempDir } from '../helpers/tmp.js';

const engine = await useEngine();

describe('cgroup limits of a live container', { skip: engine instanceof Engine ? false : engine.skip }, () => {
  const docker = engine as Engine;
  const limited = uniqueName('cgroup-limited');
  const plain = uniqueName('cgroup-plain');
  let limitedId = '';
  let plainId = '';

  before(() => {
    limitedId = docker.run(limited, ['sleep', '600'], { flags: ['--memory', '64m', '--pids-limit', '50', '--cpus', '0.5', '--cpu-shares', '512'] });
    plainId = docker.run(plain, ['sleep', '600']);
  });
  after(() => docker.remove(limited, plain));

  test('memory, pids and cpu limits as docker run set them; defaults for a container without', async () => {
    const path = join(tempDir(), 'limits.db');
    const summary = await capture({ output: path, force: false, offline: false, dockerHost: docker.info.host, logTailBytes: 0, apiTimeoutMs: 5000, drift: null });
    const db = await openSnapshot(summary.path);
    try {
      const limits = (id: string) => Object.fromEntries(readContainerDetail(db, id, false).cgroup_limits.map((l) => [l.file, l.value]));
      const set = limits(limitedId);
      assert.equal(set['memory.limit_in_bytes'] ?? set['memory.max'], String(64 * 1024 * 1024));
      assert.equal(set['pids.max'], '50');
      if ('cpu.max' in set) assert.equal(set['cpu.max'], '50000 100000');
      else assert.deepEqual([set['cpu.cfs_quota_us'], set['cpu.cfs_period_us'], set['cpu.shares']], ['50000', '100000', '512']);
      const defaults = limits(plainId);
      assert.equal(defaults['pids.max'], 'max');
      if ('cpu.max' in defaults) assert.equal(defaults['cpu.max'], 'max 100000');
      else assert.deepEqual([defaults['cpu.cfs_quota_us'], defaults['cpu.shares']], ['-1', '1024']);
      const rows = readContainerDetail(db, limitedId, false).cgroup_limits;
      assert.ok(rows.every((r) => r.path.startsWith('/sys/fs/cgroup/') && r.cgroup_path.endsWith(limitedId)), JSON.stringify(rows));
    } finally {
      db.close();
    }
  });
});
