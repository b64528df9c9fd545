import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createLayerLocator } from '../../../src/collect/docker-root/layer-locator.js';
import { createRootReader } from '../../../src/collect/docker-root/root-reader.js';
import { tempDir } from '../../helpers/tmp.js';

test('the first candidate that is a directory is the layer path; a missing layer is reported once', () => {
  const root = tempDir();
  mkdirSync(join(root, 'overlay/base/root'), { recursive: true });
  mkdirSync(join(root, 'overlay/top/upper'), { recursive: true });
  const reader = createRootReader(root);
  const locate = createLayerLocator(reader);
  assert.equal(locate('base', ['overlay/base/upper', 'overlay/base/root']), join(root, 'overlay/base/root'));
  assert.equal(locate('top', ['overlay/top/upper', 'overlay/top/root']), join(root, 'overlay/top/upper'));
  assert.equal(locate('gone', ['overlay/gone/upper']), null);
  assert.equal(locate('gone', ['overlay/gone/upper']), null);
  assert.equal(locate('none', []), null);
  assert.deepEqual(reader.errors.map((e) => [e.subject, e.path, e.code]), [['layer gone', join(root, 'overlay/gone/upper'), 'ENOENT']]);
});
