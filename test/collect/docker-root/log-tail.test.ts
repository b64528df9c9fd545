import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readLogTail } from '../../../src/collect/docker-root/log-tail.js';
import { createRootReader } from '../../../src/collect/docker-root/root-reader.js';
import { tempDir } from '../../helpers/tmp.js';
import { write } from '../../helpers/v2-root.js';

const LINE = '{"log":"hello\\n","stream":"stdout","time":"2024-01-01T00:00:00Z"}\n';

test('only the last bytes of a log are kept, with its size and where the tail starts', () => {
  const root = tempDir();
  write(root, 'containers/c/c-json.log', LINE.repeat(10_000));
  const row = readLogTail(createRootReader(root), 'c', 'containers/c/c-json.log', 1000);
  assert.equal(row?.size, LINE.length * 10_000);
  assert.equal(row?.tail.length, 1000);
  assert.equal(row?.tail_offset, LINE.length * 10_000 - 1000);
  assert.ok(row?.tail.toString().endsWith(LINE));
  assert.equal(row?.path, join(root, 'containers/c/c-json.log'));
});

test('a small log is kept whole; a missing one gives no row and no error', () => {
  const root = tempDir();
  write(root, 'log', LINE);
  const reader = createRootReader(root);
  assert.equal(readLogTail(reader, 'c', 'log', 65536)?.tail.toString(), LINE);
  assert.equal(readLogTail(reader, 'c', 'nope', 65536), undefined);
  assert.deepEqual(reader.errors, []);
});
