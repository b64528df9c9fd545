/**
 * Rootless Docker, live: Docker's dockerd-rootless.sh run as nobody under rootlesskit, dockerd
 * with no path flags (so at rootless Docker's defaults under its home and XDG_RUNTIME_DIR). A
 * capture that names no endpoint finds it (selected by its engine id), reads its roots, claims
 * rootlesskit, its child, dockerd, containerd, the shim and the container's process, and records
 * the user namespace's id maps. Expected maps come from /etc/subuid and /etc/subgid, the rest from
 * the daemon and the processes started.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSnapshot } from '../../src/open.js';
import { Engine, OPT_OUT_ENV, uniqueName } from '../helpers/engine.js';
import { runInProcess } from '../helpers/cli.js';
import { NOBODY, rootlessUnavailable, startRootlessEngine, stopRootlessEngine, subordinateRange, type RootlessEngineInfo } from '../helpers/rootless-engine.js';
import { tempDir } from '../helpers/tmp.js';

const optedOut = process.env[OPT_OUT_ENV] === '1' && !process.env['CI'] ? `private engines disabled by ${OPT_OUT_ENV}=1` : undefined;
const unavailable = optedOut ?? rootlessUnavailable();
if (unavailable && process.env['CI'] && !optedOut) throw new Error(`rootless Docker test cannot run: ${unavailable}`);

describe('rootless Docker under rootlesskit', { skip: unavailable ?? false }, () => {
  const dir = tempDir('dsk-rootless-test-');
  let info: RootlessEngineInfo;
  let engine: Engine;
  let containerId: string;
  let containerPid: number;

  before(async () => {
    info = await startRootlessEngine();
    engine = new Engine(info, true);
    containerId = engine.run(uniqueName('rootless'), ['sleep', '1000']);
    containerPid = engine.inspect<{ State: { Pid: number } }>(containerId).State.Pid;
  });
  after(async () => {
    if (info) await stopRootlessEngine(info);
  });

  test('found with no endpoint named, at its rootless roots, its processes claimed, its id maps recorded', async () => {
    const engineId = `docker:${info.dataRoot}`;
    const output = join(dir, 'rootless.db');
    const result = await runInProcess(['capture', '--engine', engineId, '--no-drift', '-o', output], {});
    assert.equal(result.code, 0, result.stderr);
    const db = await openSnapshot(output);
    try {
      assert.deepEqual(db.get('SELECT id, data_root, run_root, endpoint, api_answered, pid FROM engines'), {
        id: engineId,
        data_root: info.dataRoot,
        run_root: info.execRoot,
        endpoint: info.host,
        api_answered: 1,
        pid: info.pid,
      });
      const [subuid, subuidCount] = subordinateRange('/etc/subuid')!;
      const [subgid, subgidCount] = subordinateRange('/etc/subgid')!;
      assert.deepEqual(db.all('SELECT kind, inside_id, outside_id, count FROM engine_id_maps ORDER BY kind, inside_id'), [
        { kind: 'gid', inside_id: 0, outside_id: NOBODY, count: 1 },
        { kind: 'gid', inside_id: 1, outside_id: subgid, count: subgidCount },
        { kind: 'uid', inside_id: 0, outside_id: NOBODY, count: 1 },
        { kind: 'uid', inside_id: 1, outside_id: subuid, count: subuidCount },
      ]);
      const role = (pid: number) => db.get<{ role: string; container_id: string | null; engine_id: string }>('SELECT role, container_id, engine_id FROM processes WHERE pid = ?', pid);
      const rootlesskitChild = db.get<{ pid: number }>('SELECT pid FROM processes WHERE ppid = ?', info.rootlesskitPid)!.pid;
      assert.deepEqual(role(info.rootlesskitPid), { role: 'rootlesskit', container_id: null, engine_id: engineId });
      assert.deepEqual(role(rootlesskitChild), { role: 'rootlesskit', container_id: null, engine_id: engineId });
      assert.equal(db.get<{ ppid: number }>('SELECT ppid FROM processes WHERE pid = ?', info.pid)?.ppid, rootlesskitChild, 'dockerd runs under the child');
      assert.deepEqual(role(info.pid), { role: 'dockerd', container_id: null, engine_id: engineId });
      assert.deepEqual(db.all("SELECT role FROM processes WHERE ppid = ? AND role = 'containerd'", info.pid), [{ role: 'containerd' }]);
      assert.deepEqual(db.all("SELECT container_id FROM processes WHERE role = 'shim'"), [{ container_id: containerId }]);
      assert.deepEqual(role(containerPid), { role: 'container', container_id: containerId, engine_id: engineId });
      assert.equal(db.get<{ engine_id: string }>('SELECT engine_id FROM containers WHERE id = ?', containerId)?.engine_id, engineId);
      // The container's root is uid 0 inside: nobody's own uid on the host, as the map says.
      const uids = readFileSync(`/proc/${containerPid}/status`, 'utf8').match(/^Uid:\s+(\d+)/m)?.[1];
      assert.equal(Number(uids), NOBODY);
    } finally {
      db.close();
    }
    const [subuid, subuidCount] = subordinateRange('/etc/subuid')!;
    const show = await runInProcess(['show', output]);
    assert.match(show.stdout, /USER NAMESPACES \(1\)/);
    const rows = show.stdout.split('\n').filter((line) => line.startsWith(engineId)).map((line) => line.split(/\s+/).slice(1));
    assert.deepEqual(rows.filter((r) => r[1] === 'uid'), [
      [String(info.pid), 'uid', '0', String(NOBODY), '1'],
      [String(info.pid), 'uid', `1-${subuidCount}`, `${subuid}-${subuid + subuidCount - 1}`, String(subuidCount)],
    ]);
    const page = join(dir, 'rootless.html');
    assert.equal((await runInProcess(['report', output, '-o', page])).code, 0);
    assert.match(readFileSync(page, 'utf8'), new RegExp(`id="id-maps"[^]*?<td>uid</td><td>0</td><td>${NOBODY}</td>`));
  });
});
