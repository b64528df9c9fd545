/** The parts of compare with rules of their own: host sets (bitsets) and host names from paths. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HostSet } from '../../src/compare/host-set.js';
import { hostNames } from '../../src/compare/inputs.js';

test('HostSet: members in order, counted once, growing past its first word', () => {
  const set = new HostSet(1);
  for (const h of [70, 3, 31, 32, 3, 999, 0]) set.add(h);
  assert.deepEqual([...set], [0, 3, 31, 32, 70, 999]);
  assert.equal(set.count, 6);
  assert.equal(set.first, 0);
  assert.equal(set.has(999), true);
  assert.equal(set.has(998), false);
  assert.equal(set.has(100_000), false);
  assert.equal(new HostSet().first, Infinity);
});

test('host names: the directory of a host\'s only file, else the file name without its extension; a clash keeps the relative path', () => {
  assert.deepEqual(hostNames(['/f/web1/bundle.tar.gz', '/f/web2/bundle.tar.gz', '/f/web3/x.db']), ['web1', 'web2', 'web3']);
  assert.deepEqual(hostNames(['/s/a.db', '/s/b.tar', '/s/c.tgz', '/s/d.sqlite', '/s/e']), ['a', 'b', 'c', 'd', 'e']);
  assert.deepEqual(hostNames(['/s/two/a.db', '/s/two/b.db', '/s/one/c.db']), ['two/a', 'two/b', 'one']);
  assert.deepEqual(hostNames(['/s/a.db', '/s/a.tar']), ['a.db', 'a.tar']);
  assert.deepEqual(hostNames(['/x/a.db', '/y/a.db']), ['x', 'y']);
});
