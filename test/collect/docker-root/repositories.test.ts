import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imageNames, readRepositories } from '../../../src/collect/docker-root/repositories.js';
import { createRootReader } from '../../../src/collect/docker-root/root-reader.js';
import { tempDir } from '../../helpers/tmp.js';
import { write } from '../../helpers/v2-root.js';

test('repositories.json (≥1.10) refs are already qualified; repositories (<1.10) tags get their repo', () => {
  const root = tempDir();
  write(root, 'new.json', JSON.stringify({ Repositories: { busybox: { 'busybox:latest': 'sha256:1', 'busybox@sha256:99': 'sha256:1' } } }));
  write(root, 'repositories', JSON.stringify({ Repositories: { ubuntu: { '12.10': 'b750', quantal: 'b750' } } }));
  const reader = createRootReader(root);
  assert.deepEqual(readRepositories(reader, 'new.json', true), [
    { image_id: 'sha256:1', tag: 'busybox:latest' },
    { image_id: 'sha256:1', tag: 'busybox@sha256:99' },
  ]);
  assert.deepEqual(readRepositories(reader, 'repositories', false).map((t) => t.tag), ['ubuntu:12.10', 'ubuntu:quantal']);
  assert.deepEqual(readRepositories(reader, 'absent', false), []);
});

test('an image is named by its first repo:tag, a digest only when it has no tag', () => {
  const names = imageNames([
    { image_id: 'x', tag: 'busybox@sha256:99' },
    { image_id: 'x', tag: 'busybox:latest' },
    { image_id: 'x', tag: 'alpha:1' },
    { image_id: 'y', tag: 'only@sha256:1' },
  ]);
  assert.equal(names.get('x'), 'alpha:1');
  assert.equal(names.get('y'), 'only@sha256:1');
});
