/**
 * A private dockerd using a private containerd (`dockerd --containerd <socket>`, as a host with
 * the system containerd runs it): Docker's running container is also containerd's `moby/<id>`.
 * One capture of both engines lists it once, as Docker's, with containerd's record of it as its
 * file; a container of containerd's `moby` namespace that Docker does not know stays containerd's.
 * Expected values come from docker inspect and ctr.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { capture } from '../../src/capture.js';
import { startContainerd, type PrivateContainerd } from '../helpers/containerd.js';
import { Engine, OPT_OUT_ENV, startEngine, uniqueName } from '../helpers/engine.js';
import { tempDir } from '../helpers/tmp.js';

const skip = process.env[OPT_OUT_ENV] === '1' && !process.env['CI'] ? `private engines disabled by ${OPT_OUT_ENV}=1` : false;

describe("a dockerd on a containerd read as an engine too: each container listed once", { skip }, () => {
  let containerd: PrivateContainerd | undefined;
  let docker: Engine | undefined;
  const dir = tempDir();
  const name = uniqueName('oncd');
  const orphan = uniqueName('orphan');
  let id = '';
  let pid = 0;

  before(async () => {
    containerd = await startContainerd(['moby']);
    docker = new Engine(await startEngine(['--containerd', containerd.socket]), true);
    id = docker.run(name, ['sleep', '1000']);
    pid = docker.inspect<{ State: { Pid: number } }>(id).State.Pid;
    // What a dockerd that died leaves behind: a container in its namespace it no longer knows.
    containerd.run('moby', orphan, ['sleep', '1000']);
  });

  after(async () => {
    await docker?.stop();
    await containerd?.stop();
  });

  test("Docker's container is not containerd's moby/<id> too; containerd's own moby container is", async () => {
    const c = containerd as PrivateContainerd;
    const d = docker as Engine;
    assert.match(c.ctr('moby', ['containers', 'ls', '-q']), new RegExp(`^${id}$`, 'm'), "containerd lists Docker's container in moby");
    const summary = await capture({
      offline: false, force: false, engine: undefined, dockerHost: d.info.host, containerdRoot: c.root, containerdState: c.state,
      logTailBytes: 4096, apiTimeoutMs: 5000, output: join(dir, 'both.db'),
    });
    const db = new Database(summary.path, { readonly: true });
    try {
      const dockerId = `docker:${d.info.dataRoot}`;
      const containerdId = `containerd:${c.root}`;
      assert.deepEqual(db.prepare('SELECT id, engine_id FROM containers ORDER BY engine_id, id').all(), [
        { id: `moby/${orphan}`, engine_id: containerdId },
        { id, engine_id: dockerId },
      ]);
      assert.deepEqual(db.prepare('SELECT id, container_count FROM engines ORDER BY id').all(), [
        { id: containerdId, container_count: 1 },
        { id: dockerId, container_count: 1 },
      ]);
      const spec = db.prepare("SELECT path, parsed FROM files WHERE container_id = ? AND role = 'containerd-spec.json'").get(id) as { path: string; parsed: string } | undefined;
      assert.equal(spec?.path, `${c.root}/io.containerd.metadata.v1.bolt/meta.db#v1/moby/containers/${id}/spec`);
      assert.deepEqual((JSON.parse(spec?.parsed ?? '{}') as { process?: { args?: string[] } }).process?.args, ['sleep', '1000']);
      assert.deepEqual(db.prepare('SELECT role, container_id, engine_id FROM processes WHERE pid = ?').get(pid), { role: 'container', container_id: id, engine_id: dockerId });
    } finally {
      db.close();
    }
  });
});
