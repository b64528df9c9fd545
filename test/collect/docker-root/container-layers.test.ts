import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { graphContainerLayers } from '../../../src/collect/docker-root/container-layers.js';
import { storageDriver } from '../../../src/collect/docker-root/drivers/index.js';
import { readGraph } from '../../../src/collect/docker-root/graph.js';
import { createLayerLocator } from '../../../src/collect/docker-root/layer-locator.js';
import { createRootReader } from '../../../src/collect/docker-root/root-reader.js';
import { tempDir } from '../../helpers/tmp.js';
import { write } from '../../helpers/v2-root.js';

const CID = 'c'.repeat(64);
const TOP = '2'.repeat(64);
const BASE = '1'.repeat(64);

function graphRoot() {
  const root = tempDir();
  write(root, `graph/${BASE}/json`, JSON.stringify({ id: BASE }));
  write(root, `graph/${TOP}/json`, JSON.stringify({ id: TOP, parent: BASE }));
  for (const id of [CID, `${CID}-init`, TOP, BASE]) mkdirSync(join(root, 'aufs/diff', id), { recursive: true });
  return root;
}

function sourcesFor(root: string, driver: string) {
  const reader = createRootReader(root);
  return { reader, sources: { reader, driver: storageDriver(driver), locate: createLayerLocator(reader) } };
}

test('aufs before 1.10: rw is the container id, then aufs/layers/<id> in order (init, image top, base)', () => {
  const root = graphRoot();
  write(root, `aufs/layers/${CID}`, `${CID}-init\n${TOP}\n${BASE}\n`);
  const { reader, sources } = sourcesFor(root, 'aufs');
  const layers = graphContainerLayers(CID, sources, readGraph(reader), TOP, false);
  assert.equal(layers.mountId, CID);
  assert.deepEqual(layers.layers.map((l) => [l.position, l.role, l.layer_id, l.diff_path]), [
    [0, 'rw', CID, join(root, 'aufs/diff', CID)],
    [1, 'init', `${CID}-init`, join(root, 'aufs/diff', `${CID}-init`)],
    [2, 'image', TOP, join(root, 'aufs/diff', TOP)],
    [3, 'image', BASE, join(root, 'aufs/diff', BASE)],
  ]);
});

test('without aufs/layers the chain is the init layer when present, then the graph parents', () => {
  const root = graphRoot();
  const { reader, sources } = sourcesFor(root, 'aufs');
  assert.deepEqual(graphContainerLayers(CID, sources, readGraph(reader), TOP, false).layers.map((l) => l.role), ['rw', 'init', 'image', 'image']);
});

test('the 0.6 layout: rw is containers/<id>/rw and each image layer graph/<id>/layer', () => {
  const root = graphRoot();
  mkdirSync(join(root, 'containers', CID, 'rw'), { recursive: true });
  mkdirSync(join(root, 'graph', TOP, 'layer'), { recursive: true });
  mkdirSync(join(root, 'graph', BASE, 'layer'), { recursive: true });
  const { reader, sources } = sourcesFor(root, 'aufs');
  const layers = graphContainerLayers(CID, sources, readGraph(reader), TOP, true);
  assert.deepEqual(layers.layers.map((l) => [l.role, l.layer_id, l.diff_path]), [
    ['rw', CID, join(root, 'containers', CID, 'rw')],
    ['image', TOP, join(root, 'graph', TOP, 'layer')],
    ['image', BASE, join(root, 'graph', BASE, 'layer')],
  ]);
  assert.deepEqual(reader.errors, []);
});
