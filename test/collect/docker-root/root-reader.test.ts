import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRootReader } from '../../../src/collect/docker-root/root-reader.js';
import { tempDir } from '../../helpers/tmp.js';

function rootWith(files: Record<string, string>) {
  const root = tempDir();
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

test('a missing file is absent without an error; a present one is read with its host path', () => {
  const root = rootWith({ 'a/mount-id': 'abc123\nignored' });
  const reader = createRootReader(root);
  assert.equal(reader.read('s', 'a/none'), undefined);
  assert.equal(reader.readLine('s', 'a/mount-id'), 'abc123');
  assert.equal(reader.read('s', 'a/mount-id')?.path, join(root, 'a/mount-id'));
  assert.deepEqual(reader.errors, []);
});

test('symlinks resolve inside the root: an absolute target is taken under the root', () => {
  const root = rootWith({ 'etc/hostname': 'inside\n', 'c/x': '' });
  symlinkSync('/etc/hostname', join(root, 'c/hostname'));
  const reader = createRootReader(root);
  const read = reader.read('s', 'c/hostname');
  assert.equal(read?.bytes.toString(), 'inside\n');
  assert.equal(read?.path, join(root, 'etc/hostname'));
});

test('readJson keeps the bytes of a file that does not parse and records bad-json', () => {
  const root = rootWith({ 'good.json': '{"a":1}', 'bad.json': '{"a":' });
  const reader = createRootReader(root);
  assert.deepEqual(reader.readJson('s', 'good.json')?.value, { a: 1 });
  const bad = reader.readJson('s', 'bad.json');
  assert.equal(bad?.value, undefined);
  assert.equal(bad?.read.bytes.toString(), '{"a":');
  assert.deepEqual(reader.errors.map((e) => [e.phase, e.subject, e.path, e.code]), [['docker-root', 's', join(root, 'bad.json'), 'bad-json']]);
});

test('list gives directory entries, and nothing (no error) for a missing directory', () => {
  const root = rootWith({ 'd/one': '', 'd/two': '' });
  const reader = createRootReader(root);
  assert.deepEqual(reader.list('s', 'd').map((e) => e.name).sort(), ['one', 'two']);
  assert.deepEqual(reader.list('s', 'missing'), []);
  assert.deepEqual(reader.errors, []);
});

test('readTail reads only the end of a file', () => {
  const root = rootWith({ log: 'x'.repeat(1000) + 'THE END' });
  const tail = createRootReader(root).readTail('s', 'log', 7);
  assert.equal(tail?.bytes.toString(), 'THE END');
  assert.equal(tail?.offset, 1000);
});
