import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { createPathResolver } from '../../../src/collect/docker-root/path-resolver.js';
import { tempDir } from '../../helpers/tmp.js';

test('directories resolve under the root, links included, and never out of it', () => {
  const root = tempDir();
  mkdirSync(join(root, 'real/sub'), { recursive: true });
  symlinkSync('/real', join(root, 'abs'));
  symlinkSync('../../../../real', join(root, 'up'));
  const paths = createPathResolver(root);
  assert.equal(paths.resolve('real/sub'), join(root, 'real/sub'));
  assert.equal(paths.resolve('abs/sub'), join(root, 'real/sub'));
  assert.equal(paths.resolve('up/sub'), join(root, 'real/sub'));
  assert.equal(paths.resolve('real/../../../etc'), join(root, 'etc'));
  assert.equal(paths.resolve(''), root);
});

test('file() resolves the directory and leaves the last component for an O_NOFOLLOW open', () => {
  const root = tempDir();
  mkdirSync(join(root, 'real'), { recursive: true });
  symlinkSync('/real', join(root, 'abs'));
  symlinkSync('/etc/hostname', join(root, 'real/hostname'));
  const paths = createPathResolver(root);
  assert.equal(paths.file('abs/hostname'), join(root, 'real/hostname'));
  assert.equal(paths.file('abs/..'), root);
});
