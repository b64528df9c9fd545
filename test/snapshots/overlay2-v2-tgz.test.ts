/** The real Docker 17.x overlay2 root of google/docker-explorer's tests, captured offline end to end. */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { captureFixture, cliJson, type OfflineCapture } from '../helpers/offline-capture.js';
import { tempDir } from '../helpers/tmp.js';
import { untar } from '../helpers/untar.js';

const ARCHIVE = new URL('../fixtures/docker-explorer/overlay2.v2.tgz', import.meta.url).pathname;
const FESTIVE = '8e8b7f23eb7cbd4dfe7e91646ddd0e0f524218e25d50113559f078dfb2690206';

describe('overlay2.v2.tgz captured offline', () => {
  const unpacked = tempDir();
  const workDir = tempDir();
  let capture: OfflineCapture;
  before(async () => {
    mkdirSync(join(unpacked, 'tree'));
    untar(ARCHIVE, join(unpacked, 'tree'));
    // captureFixture expects <tree>/docker-root: the archive's top directory is docker/.
    renameSync(join(unpacked, 'tree', 'docker'), join(unpacked, 'tree', 'docker-root'));
    capture = await captureFixture(join(unpacked, 'tree'), workDir);
  });

  test('show lists the 5 containers; only /festive_perlman ran, from busybox', async () => {
    const show = (await cliJson(['show', capture.snapshot, '--json'])) as { containers: { id: string; name: string; image: string; image_id: string; state: string }[]; capture_errors: unknown[] };
    assert.equal(show.containers.length, 5);
    assert.deepEqual(show.containers.filter((c) => c.state === 'running').map((c) => [c.id, c.name, c.image, c.image_id]), [
      [FESTIVE, 'festive_perlman', 'busybox', 'sha256:8ac48589692a53a9b8c2d1ceaa6b402665aa7fe667ba51ccc03002300856d8c7'],
    ]);
    assert.deepEqual(show.capture_errors, []);
  });

  test('show --container gives the mount id, creation time and one image layer', async () => {
    const view = (await cliJson(['show', capture.snapshot, '--container', 'festive_perlman', '--json'])) as {
      container: { mount_id: string; created_at: string };
      layers: { role: string }[];
    };
    assert.equal(view.container.mount_id, '92fd3b3e7d6101bb701743c9518c45b0d036b898c8a3d7cae84e1a06e6829b53');
    assert.equal(view.container.created_at, '2018-05-16T10:51:39.271019533Z');
    assert.deepEqual(view.layers.map((l) => l.role), ['rw', 'init', 'image']);
  });

  test('/reverent_wing exposes 12345/tcp and 27017/tcp', async () => {
    const sql = "SELECT p.container_port || '/' || p.proto FROM container_ports p JOIN containers c ON c.id = p.container_id WHERE c.name = 'reverent_wing' ORDER BY p.container_port";
    assert.deepEqual(await cliJson(['query', capture.snapshot, sql, '--json']), { columns: ["p.container_port || '/' || p.proto"], rows: [['12345/tcp'], ['27017/tcp']] });
  });

  test('nothing under the root changed', () => capture.assertUnchanged());
});
