import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeSnapshotFile, writeSnapshotStream } from '../../src/store/write.js';
import { openSnapshotDb } from '../../src/store/open.js';
import { InputError } from '../../src/errors.js';
import { execCli } from '../helpers/exec.js';
import { tempDir } from '../helpers/tmp.js';
import { minimalSnapshot } from '../helpers/snapshot-content.js';

test('a snapshot is written with mode 0600 and no temporary file is left', async () => {
  const dir = tempDir();
  const path = join(dir, 'a.db');
  await writeSnapshotFile(path, minimalSnapshot(), { force: false });
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.deepEqual(readdirSync(dir), ['a.db']);
});

test('an existing file is never overwritten without force, and force replaces it', async () => {
  const dir = tempDir();
  const path = join(dir, 'a.db');
  writeFileSync(path, 'precious');
  await assert.rejects(writeSnapshotFile(path, minimalSnapshot(), { force: false }), InputError);
  assert.equal(readFileSync(path, 'utf8'), 'precious');
  assert.deepEqual(readdirSync(dir), ['a.db']);
  await writeSnapshotFile(path, minimalSnapshot({ host_name: 'forced' }), { force: true });
  const db = openSnapshotDb(path);
  assert.equal(db.get<{ host_name: string }>('SELECT host_name FROM snapshot')?.host_name, 'forced');
  db.close();
});

test('a failure while writing leaves neither the target nor a temporary file', async () => {
  const dir = tempDir();
  const path = join(dir, 'bad.db');
  // A NOT NULL column left null makes the insert fail inside the transaction.
  const content = { ...minimalSnapshot(), capture_error: [{ phase: 'proc', subject: 'pid 1', path: null, code: null, message: null as unknown as string }] };
  await assert.rejects(writeSnapshotFile(path, content, { force: false }), /NOT NULL/);
  assert.deepEqual(readdirSync(dir), []);
});

test('a missing output directory is an input error', async () => {
  const dir = tempDir();
  await assert.rejects(writeSnapshotFile(join(dir, 'no', 'such', 'a.db'), minimalSnapshot(), { force: false }), InputError);
});

test('child rows round-trip, including an assigned id', async () => {
  const dir = tempDir();
  const path = join(dir, 'rows.db');
  await writeSnapshotFile(
    path,
    {
      ...minimalSnapshot(),
      capture_error: [
        { phase: 'api', subject: 'GET /info', path: '/info', code: 'ECONNREFUSED', message: 'connection refused' },
        { phase: 'proc', subject: 'pid 7', path: '/proc/7/fd', code: 'ENOENT', message: 'gone' },
      ],
    },
    { force: false },
  );
  const db = openSnapshotDb(path);
  assert.deepEqual(db.all('SELECT id, phase, code FROM capture_error ORDER BY id'), [
    { id: 1, phase: 'api', code: 'ECONNREFUSED' },
    { id: 2, phase: 'proc', code: 'ENOENT' },
  ]);
  db.close();
});

test('an output directory the user cannot write to is an input error naming it', () => {
  const dir = tempDir();
  chmodSync(dir, 0o755);
  const result = execCli(['capture', '--offline', '--docker-root', dir, '-o', join(dir, 'x.db')], { uid: 65534 });
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /^docksnap: .+x\.db — cannot be written in .+: permission denied \(EACCES\)\n$/);
});

test('rows streamed in uneven batches keep their order and values; a later engine\'s image with the same id is ignored; large blobs are written whole', async () => {
  const dir = tempDir();
  const path = join(dir, 'batched.db');
  const errors = Array.from({ length: 301 }, (_, i) => ({ phase: 'proc', subject: `pid ${i}`, path: null, code: i % 2 ? 'ENOENT' : null, message: `m${i}` }));
  const blob = (byte: number) => Buffer.alloc(3 * 1024 * 1024, byte);
  const file = (role: string, content: Buffer) => ({ container_id: 'c', role, path: `/x/${role}`, size: content.length, mode: 0o644, mtime: 't', sha256: null, content, parsed: null });
  await writeSnapshotStream(path, { force: false }, async (sink) => {
    for (let at = 0, size = 1; at < errors.length; at += size, size = size * 3 + 1) sink.add('capture_error', errors.slice(at, at + size));
    sink.add('images', [{ id: 'sha256:a', created_at: null, parent_id: null, size: 1, os: null, architecture: null, source: 'docker-root' }]);
    sink.add('files', [file('one', blob(1)), file('two', blob(2))]);
    sink.add('images', [{ id: 'sha256:a', created_at: null, parent_id: null, size: 2, os: null, architecture: null, source: 'podman-root' }]);
    sink.add('files', [file('three', blob(3))]);
    return minimalSnapshot().snapshot;
  });
  const db = openSnapshotDb(path);
  assert.deepEqual(db.all('SELECT id, subject, code, message FROM capture_error ORDER BY id'), errors.map((e, i) => ({ id: i + 1, subject: e.subject, code: e.code, message: e.message })));
  assert.deepEqual(db.all('SELECT id, size, source FROM images'), [{ id: 'sha256:a', size: 1, source: 'docker-root' }]);
  const files = db.all<{ role: string; content: Buffer }>('SELECT role, content FROM files ORDER BY id');
  assert.deepEqual(files.map((f) => f.role), ['one', 'two', 'three']);
  files.forEach((f, i) => assert.ok(f.content.equals(blob(i + 1)), f.role));
  db.close();
});
