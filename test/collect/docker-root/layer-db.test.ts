import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { digestPath, openLayerDb } from '../../../src/collect/docker-root/layer-db.js';
import { createRootReader } from '../../../src/collect/docker-root/root-reader.js';
import { tempDir } from '../../helpers/tmp.js';
import { writeContainer, writeImage } from '../../helpers/v2-root.js';

test('a container mount record and its image chain, top to base, with cache ids', () => {
  const root = tempDir();
  const image = writeImage(root, { tag: 'app:1', layers: 3 });
  const id = writeContainer(root, { name: 'c1', image });
  const db = openLayerDb(createRootReader(root), 'overlay2');
  const mount = db.containerMount(id);
  assert.match(mount.mountId ?? '', /^[0-9a-f]{64}$/);
  assert.equal(mount.initId, `${mount.mountId}-init`);
  assert.equal(mount.parent, image.chainIds[2]);
  assert.deepEqual(db.chain(mount.parent!, 'c'), [2, 1, 0].map((i) => ({ chainId: image.chainIds[i], cacheId: image.cacheIds[i] })));
});

test('a layer missing from layerdb breaks the chain with one error; a missing cache-id is reported too', () => {
  const root = tempDir();
  const image = writeImage(root, { tag: 'app:1', layers: 3 });
  rmSync(join(root, 'image/overlay2/layerdb', digestPath(image.chainIds[0]!)), { recursive: true });
  rmSync(join(root, 'image/overlay2/layerdb', digestPath(image.chainIds[2]!), 'cache-id'));
  const reader = createRootReader(root);
  const db = openLayerDb(reader, 'overlay2');
  assert.deepEqual(db.chain(image.chainIds[2]!, 'container x'), [
    { chainId: image.chainIds[2], cacheId: undefined },
    { chainId: image.chainIds[1], cacheId: image.cacheIds[1] },
  ]);
  assert.deepEqual(reader.errors.map((e) => [e.subject, e.code]), [
    [`layer ${image.chainIds[2]}`, 'ENOENT'],
    ['container x', 'missing-layer'],
  ]);
  assert.equal(db.cacheId(image.chainIds[1]!, 'image i'), image.cacheIds[1]);
  assert.equal(reader.errors.length, 2, 'each layer is read once');
});

test('digestPath lays a digest out the way the content stores do', () => {
  assert.equal(digestPath('sha256:abc'), 'sha256/abc');
  assert.equal(digestPath('abc'), 'sha256/abc');
});
