import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { BoltFormatError, readBoltBucket } from '../../../src/collect/docker-root/bbolt.js';
import { sharedPageBolt } from '../../fixtures/hostile/bolt.js';

const METADATA_DB = new URL('../../../snapshots/overlay2-20.10/docker-root/volumes/metadata.db', import.meta.url).pathname;

test("a real volumes/metadata.db (dockerd 20.10): the volumes bucket's one volume with its labels", () => {
  const volumes = readBoltBucket(readFileSync(METADATA_DB), 'volumes');
  assert.deepEqual([...volumes.keys()], ['webdata']);
  assert.deepEqual(JSON.parse(volumes.get('webdata')!.toString('utf8')), { Name: 'webdata', Driver: 'local', Labels: { app: 'web' }, Options: null });
});

test('a bucket that does not exist is empty', () => {
  assert.equal(readBoltBucket(readFileSync(METADATA_DB), 'nope').size, 0);
});

test('a file that is not bbolt, or is cut short, is a BoltFormatError', () => {
  assert.throws(() => readBoltBucket(Buffer.from('SQLite format 3\0'.padEnd(8192, '\0')), 'volumes'), BoltFormatError);
  const cut = readFileSync(METADATA_DB).subarray(0, 8192);
  assert.throws(() => readBoltBucket(cut, 'volumes'), BoltFormatError);
});

test('item 8: branch pages shared between branches (a DAG) are walked once, reported once, and the pairs kept', () => {
  const file = sharedPageBolt();
  assert.ok(file.length < 512 * 1024);
  const problems: string[] = [];
  const started = Date.now();
  const pairs = readBoltBucket(file, 'volumes', (message) => problems.push(message));
  assert.ok(Date.now() - started < 2000);
  assert.deepEqual([...pairs.keys()], ['shared']);
  assert.equal(problems.length, 1);
  assert.match(problems[0]!, /reached twice/);
});

test('item 8: a branch chain deeper than any real bbolt tree is a BoltFormatError, not a spin', () => {
  assert.throws(() => readBoltBucket(sharedPageBolt(80, 1), 'volumes'), BoltFormatError);
});
