import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chainIdsOf, readImageDb } from '../../../src/collect/docker-root/image-db.js';
import { openLayerDb } from '../../../src/collect/docker-root/layer-db.js';
import { createRootReader } from '../../../src/collect/docker-root/root-reader.js';
import { tempDir } from '../../helpers/tmp.js';
import { write, writeImage } from '../../helpers/v2-root.js';

test('chain ids: the first is the diff id, each next sha256 of "<parent chain> <diff>"', () => {
  const a = `sha256:${'a'.repeat(64)}`;
  const b = `sha256:${'b'.repeat(64)}`;
  const ab = `sha256:${createHash('sha256').update(`${a} ${b}`).digest('hex')}`;
  assert.deepEqual(chainIdsOf([a, b]), [a, ab]);
  assert.deepEqual(chainIdsOf([]), []);
});

test('images with their layers top to base (cache id, diff id, chain id) and their parent', () => {
  const root = tempDir();
  const image = writeImage(root, { tag: 'db:2', layers: 3 });
  write(root, `image/overlay2/imagedb/metadata/sha256/${image.id.slice(7)}/parent`, 'sha256:feed');
  const reader = createRootReader(root);
  const store = readImageDb(reader, 'overlay2', openLayerDb(reader, 'overlay2'));
  assert.deepEqual(store.images, [{ id: image.id, created_at: '2024-01-02T03:04:05.123456789Z', parent_id: 'sha256:feed', size: null, os: 'linux', architecture: 'amd64', source: 'docker-root' }]);
  assert.deepEqual(store.imageLayers.map((l) => [l.position, l.layer_id, l.chain_id]), [
    [0, image.cacheIds[2], image.chainIds[2]],
    [1, image.cacheIds[1], image.chainIds[1]],
    [2, image.cacheIds[0], image.chainIds[0]],
  ]);
  assert.equal(store.imageLayers[2]?.diff_id, image.chainIds[0]);
  assert.deepEqual(reader.errors, []);
});
