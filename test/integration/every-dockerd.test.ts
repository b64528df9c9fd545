/**
 * Live with nothing named, every dockerd running is captured as an engine of its own: its data
 * root, exec root and endpoint from its flags, its containers and their processes attributed to
 * it, and each listed as a captured daemon. Two private dockerds; the capture names neither.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { capture } from '../../src/capture.js';
import { openSnapshot } from '../../src/open.js';
import { Engine, startEngine, TEST_IMAGE, uniqueName, useEngine } from '../helpers/engine.js';
import { tempDir } from '../helpers/tmp.js';

const engine = await useEngine();

describe('every dockerd on a live host', { skip: engine instanceof Engine ? false : engine.skip }, () => {
  const first = engine as Engine;
  let second: Engine;
  const dir = tempDir();
  const name = uniqueName('every');
  const ran: { engine: () => Engine; id: string; pid: number }[] = [];

  const shared = 'docksnap-test/shared:loaded';
  before(async () => {
    second = new Engine(await startEngine(), true);
    // One image loaded into both daemons has one content-addressed id in both, as a pulled image does.
    first.docker(['tag', TEST_IMAGE, shared]);
    first.docker(['save', '-o', join(dir, 'shared.tar'), shared]);
    second.docker(['load', '-i', join(dir, 'shared.tar')]);
    for (const which of [() => first, () => second]) {
      const id = which().run(name, ['sleep', '1000']);
      ran.push({ engine: which, id, pid: which().inspect<{ State: { Pid: number } }>(id).State.Pid });
    }
  });

  after(async () => {
    first.remove(name);
    await second?.stop();
    await first.stop();
  });

  test('one capture naming no dockerd records both, each container and process attributed to its own', async () => {
    // --engine docker keeps the capture off any Podman storage of the host; no endpoint or root is named.
    const summary = await capture({ offline: false, force: false, logTailBytes: 4096, apiTimeoutMs: 5000, engine: 'docker', output: join(dir, 'every.db') });
    const db = await openSnapshot(summary.path);
    try {
      const engines = new Map(db.all<{ id: string; kind: string; data_root: string; run_root: string; endpoint: string; api_answered: number; pid: number }>('SELECT * FROM engines').map((e) => [e.id, e]));
      const daemons = new Map(db.all<{ pid: number; captured: number }>('SELECT pid, captured FROM daemons').map((d) => [d.pid, d.captured]));
      for (const { engine: which, id, pid } of ran) {
        const info = which().info;
        const engineId = `docker:${info.dataRoot}`;
        const row = engines.get(engineId);
        assert.deepEqual(
          row && { kind: row.kind, data_root: row.data_root, run_root: row.run_root, endpoint: row.endpoint, api_answered: row.api_answered, pid: row.pid },
          { kind: 'docker', data_root: info.dataRoot, run_root: info.execRoot, endpoint: info.host, api_answered: 1, pid: info.pid },
        );
        assert.equal(db.get<{ engine_id: string }>('SELECT engine_id FROM containers WHERE id = ?', id)?.engine_id, engineId);
        assert.deepEqual(db.get('SELECT role, container_id, engine_id FROM processes WHERE pid = ?', pid), { role: 'container', container_id: id, engine_id: engineId });
        assert.deepEqual(db.get('SELECT role, engine_id FROM processes WHERE pid = ?', info.pid), { role: 'dockerd', engine_id: engineId });
        assert.equal(daemons.get(info.pid), 1, 'listed as a captured daemon');
      }
      const sharedId = first.docker(['image', 'inspect', '--format', '{{.Id}}', shared]).trim();
      assert.equal(sharedId, second.docker(['image', 'inspect', '--format', '{{.Id}}', shared]).trim());
      assert.deepEqual(db.all('SELECT count(*) AS n FROM images WHERE id = ?', sharedId), [{ n: 1 }], 'an image both daemons hold is recorded once');
      assert.deepEqual(db.all('SELECT tag FROM image_tags WHERE image_id = ? ORDER BY tag', sharedId), [{ tag: TEST_IMAGE }, { tag: shared }], "with the tags the daemons give it");
      assert.equal(summary.unattributed[ran[0]!.id], undefined);
      assert.equal(summary.unattributed[ran[1]!.id], undefined);
    } finally {
      db.close();
    }
  });
});
