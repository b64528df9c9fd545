import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { compareTrees } from '../../src/diff/compare.js';
import { diffSnapshots } from '../../src/diff/index.js';
import fc from 'fast-check';
import { keyed, LazyMember, LazyRows, objectWithLazy, sameFlatRow, type Tree } from '../../src/diff/tree.js';
import { fuzzParameters } from '../helpers/fuzz.js';
import { openSnapshot } from '../../src/open.js';
import { readProcessRecords } from '../../src/read/process-records.js';
import { tempDir } from '../helpers/tmp.js';

const FIXTURE = new URL('../fixtures/v2/lxc-2013.db', import.meta.url).pathname;

test('a lazy member equal as text on both sides is not built to be compared; one that differs is built and compared', () => {
  const built: string[] = [];
  const lazy = (side: string, text: string, value: Tree) => new LazyMember(text, () => (built.push(side), value));
  const a = objectWithLazy([['pid', 1], ['fds', lazy('a', '[[0,"/dev/null"]]', { '0': '/dev/null' })], ['vm_rss_kib', 10]]);
  const b = objectWithLazy([['pid', 1], ['fds', lazy('b', '[[0,"/dev/null"]]', { '0': '/dev/null' })], ['vm_rss_kib', 11]]);
  assert.deepEqual(compareTrees(a, b), [{ path: ['vm_rss_kib'], kind: 'changed', old: 10, new: 11 }]);
  assert.deepEqual(built, []);
  assert.deepEqual(Object.keys(a), ['fds', 'pid', 'vm_rss_kib']);

  const c = objectWithLazy([['pid', 1], ['fds', lazy('c', '[[0,"/dev/zero"]]', { '0': '/dev/zero' })], ['vm_rss_kib', 10]]);
  assert.deepEqual(compareTrees(a, c), [{ path: ['fds', '0'], kind: 'changed', old: '/dev/null', new: '/dev/zero' }]);
  assert.deepEqual(built.sort(), ['a', 'c']);
  assert.deepEqual(JSON.parse(JSON.stringify(c)), { fds: { '0': '/dev/zero' }, pid: 1, vm_rss_kib: 10 });
});

test("a process's lists read as value arrays hold SQLite's rows in the table order", async () => {
  const db = await openSnapshot(FIXTURE);
  try {
    const records = readProcessRecords(db);
    assert.equal(records.length, 2);
    for (const p of records) {
      assert.deepEqual(p.fds, db.all('SELECT fd, target, kind, inode, pos, flags, mnt_id FROM process_fds WHERE pid = ? ORDER BY fd', p.pid));
      assert.deepEqual(p.environ, db.all('SELECT name, value FROM process_environ WHERE pid = ? ORDER BY position', p.pid));
      assert.deepEqual(p.limits, db.all('SELECT name, soft, hard, units FROM process_limits WHERE pid = ? ORDER BY name', p.pid));
      assert.deepEqual(p.cgroups, db.all('SELECT hierarchy_id, controllers, path FROM process_cgroups WHERE pid = ? ORDER BY hierarchy_id DESC, controllers', p.pid));
      const mounts = db.all('SELECT position, mount_id, parent_id, device, root, mount_point, mount_options, optional_fields, fs_type, source, super_options FROM mounts WHERE mnt_ns = ? ORDER BY position', p.mnt_ns);
      assert.deepEqual(p.mounts, p.role === 'container' ? mounts : []);
    }
    assert.equal(records.find((p) => p.role === 'dockerd')?.fds.length, 10);
    assert.equal(records.find((p) => p.role === 'container')?.mounts.length, 9);
  } finally {
    db.close();
  }
});

test('on one host, a change in one list of a process is reported whatever else of it is equal as text', async () => {
  const dir = tempDir('docksnap-lazy-lists-');
  const after = join(dir, 'after.db');
  copyFileSync(FIXTURE, after);
  const edit = new Database(after);
  edit.prepare("UPDATE processes SET vm_rss_kib = vm_rss_kib + 4 WHERE role = 'dockerd'").run();
  edit.prepare("UPDATE process_fds SET target = '/dev/pts/8' WHERE fd = 2 AND pid = (SELECT pid FROM processes WHERE role = 'dockerd')").run();
  edit.prepare("UPDATE mounts SET mount_options = 'ro,nosuid,nodev,noexec,relatime' WHERE mount_point = '/sys'").run();
  edit.close();
  const a = await openSnapshot(FIXTURE);
  const b = await openSnapshot(after);
  try {
    const result = diffSnapshots(a, b);
    assert.equal(result.mode, 'same-host');
    const target = (value: unknown) => (value as { target?: string } | null)?.target ?? value;
    const changes = result.changes.map((c) => [c.entity_kind, c.path, c.kind, target(c.old), target(c.new)]);
    // A daemon's fds pair by what they point at: the fd that now points elsewhere was closed and another opened.
    assert.deepEqual(changes, [
      ['process', '/mounts/~1sys/mount_options', 'changed', 'rw,nosuid,nodev,noexec,relatime', 'ro,nosuid,nodev,noexec,relatime'],
      ['process', '/fds/~1dev~1pts~17#2', 'removed', '/dev/pts/7', null],
      ['process', '/fds/~1dev~1pts~18', 'added', null, '/dev/pts/8'],
    ]);
    assert.deepEqual(result.suppressed.map((c) => [c.path, c.old, c.new, c.rule]), [['/vm_rss_kib', 8216, 8220, 'volatile-counters']]);
  } finally {
    a.close();
    b.close();
  }
});

test('two keyed lists that differ are compared over the rows of the keys that differ, with the changes of the whole lists', () => {
  // Rows of few keys and values, so that keys repeat (ordinals) and rows repeat (a row twice on one side, once on the other).
  const row = fc.record({ name: fc.constantFrom('a', 'b', 'c', '__proto__'), value: fc.constantFrom('1', '2', '3') });
  fc.assert(
    fc.property(fc.array(row, { maxLength: 12 }), fc.array(row, { maxLength: 12 }), (rowsA, rowsB) => {
      type Row = (typeof rowsA)[number];
      const build = (rows: readonly Row[]) => keyed(rows, (r) => r.name, (r) => r.value);
      const built: number[] = [];
      const lazy = (rows: Row[]) => new LazyRows(JSON.stringify(rows), () => rows, (r) => r.name, sameFlatRow, (subset) => (built.push(subset.length), build(subset)));
      const whole = compareTrees(objectWithLazy([['list', build(rowsA)]]), objectWithLazy([['list', build(rowsB)]]));
      const narrowed = compareTrees(objectWithLazy([['list', lazy(rowsA)]]), objectWithLazy([['list', lazy(rowsB)]]));
      assert.deepEqual(narrowed, whole);
      // Equal lists are not built at all; others are built from no more rows than they hold.
      if (JSON.stringify(rowsA) === JSON.stringify(rowsB)) assert.deepEqual(built, []);
      else assert.ok((built[0] ?? 0) <= rowsA.length && (built[1] ?? 0) <= rowsB.length);
    }),
    fuzzParameters(500),
  );
});

test('of a daemon whose one fd changed among many, only the rows of that fd are built', () => {
  const fds = Array.from({ length: 1000 }, (_, fd) => ({ fd, target: `socket:[${1000 + fd}]` }));
  const changed = fds.map((f) => (f.fd === 7 ? { ...f, target: '/var/log/new.log' } : f));
  const sizes: number[] = [];
  const list = (rows: typeof fds) => new LazyRows(JSON.stringify(rows), () => rows, (f) => f.target, sameFlatRow, (subset) => (sizes.push(subset.length), keyed(subset, (f) => f.target, (f) => f.fd)));
  assert.deepEqual(compareTrees(objectWithLazy([['fds', list(fds)]]), objectWithLazy([['fds', list(changed)]])), [
    { path: ['fds', 'socket:[1007]'], kind: 'removed', old: 7, new: null },
    { path: ['fds', '/var/log/new.log'], kind: 'added', old: null, new: 7 },
  ]);
  assert.deepEqual(sizes, [1, 1]);
});

test('sameFlatRow: equal when both rows hold the same columns with the same values', () => {
  assert.equal(sameFlatRow({ fd: 3, target: 'socket:[1]', pos: null }, { fd: 3, target: 'socket:[1]', pos: null }), true);
  assert.equal(sameFlatRow({ fd: 3, target: 'socket:[1]' }, { fd: 3, target: 'socket:[2]' }), false);
  assert.equal(sameFlatRow({ fd: 3, pos: null }, { fd: 3, pos: 0 }), false);
  assert.equal(sameFlatRow({ fd: 3, pos: null }, { fd: 3 }), false);
  assert.equal(sameFlatRow({ fd: 3, a: undefined }, { fd: 3, b: undefined }), false);
});
