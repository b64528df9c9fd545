import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readGraph } from '../../../src/collect/docker-root/graph.js';
import { createRootReader } from '../../../src/collect/docker-root/root-reader.js';
import { tempDir } from '../../helpers/tmp.js';
import { write } from '../../helpers/v2-root.js';

const BASE = '1'.repeat(64);
const MID = '2'.repeat(64);
const TOP = '3'.repeat(64);
const ORPHAN = '4'.repeat(64);

function graphRoot() {
  const root = tempDir();
  write(root, `graph/${BASE}/json`, JSON.stringify({ id: BASE, created: '2013-03-23T22:24:18.818426Z', Size: 24653, os: 'linux', architecture: 'amd64' }));
  write(root, `graph/${MID}/json`, JSON.stringify({ id: MID, parent: BASE, created: '2013-04-11T14:13:15.57812Z', Size: 100 }));
  write(root, `graph/${TOP}/json`, JSON.stringify({ id: TOP, parent: MID, created: '2013-04-12T00:00:00Z' }));
  write(root, `graph/${ORPHAN}/json`, JSON.stringify({ id: ORPHAN, parent: '5'.repeat(64) }));
  write(root, 'graph/_tmp/ignored', '');
  return root;
}

test('every graph image becomes an images row with its parent, created and Size', () => {
  const graph = readGraph(createRootReader(graphRoot()));
  assert.deepEqual([...graph.images.keys()].sort(), [BASE, MID, TOP, ORPHAN]);
  assert.deepEqual(graph.images.get(MID)?.row, { id: MID, created_at: '2013-04-11T14:13:15.57812Z', parent_id: BASE, size: 100, os: null, architecture: null, source: 'docker-root' });
  assert.equal(graph.images.get(BASE)?.row.os, 'linux');
});

test('the chain runs from an image to its base; a missing parent ends it with an error row', () => {
  const reader = createRootReader(graphRoot());
  const graph = readGraph(reader);
  assert.deepEqual(graph.chain(TOP, 'image top'), [TOP, MID, BASE]);
  assert.equal(reader.errors.length, 0);
  assert.deepEqual(graph.chain(ORPHAN, 'container c'), [ORPHAN]);
  assert.deepEqual(reader.errors.map((e) => [e.subject, e.code]), [['container c', 'missing-layer']]);
  assert.match(reader.errors[0]!.message, new RegExp(`${'5'.repeat(64)} \\(parent of ${ORPHAN}\\)`));
});
