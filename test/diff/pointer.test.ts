import { test } from 'node:test';
import assert from 'node:assert/strict';
import { globToRegExp, pointerSegments, toPointer } from '../../src/diff/pointer.js';

test('paths are JSON Pointers: dots stay, / and ~ are escaped', () => {
  const pointer = toPointer(['labels', 'com.example/a~b', 3]);
  assert.equal(pointer, '/labels/com.example~1a~0b/3');
  assert.deepEqual(pointerSegments(pointer), ['labels', 'com.example/a~b', '3']);
  assert.deepEqual(pointerSegments(''), []);
});

test('globs: * is one segment, ** any number of segments, the rest literal', () => {
  const matches = (glob: string, path: string) => globToRegExp(glob).test(path);
  assert.ok(matches('container/*/labels/build-*', 'container/web/labels/build-id'));
  assert.ok(!matches('container/*/labels/build-*', 'container/web/labels/com.build-id'));
  assert.ok(!matches('container/*/labels/*', 'container/web/labels/a/b'));
  assert.ok(matches('/**/mtime', '/mtime'));
  assert.ok(matches('/**/mtime', '/log/mtime'));
  assert.ok(matches('/**/*_at', '/state/started_at'));
  assert.ok(matches('/fds/**', '/fds/3/target'));
  assert.ok(matches('/fds/**', '/fds'));
  assert.ok(!matches('container/web.1', 'container/webx1'));
});
