import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSnapshotBytes, openSnapshotDb } from '../../src/store/open.js';
import { loadSchema } from '../../src/store/ddl.js';
import { writeSnapshotFile } from '../../src/store/write.js';
import { InputError, UsageError } from '../../src/errors.js';
import { sha256Hex } from '../../src/util/hash.js';
import { tempDir } from '../helpers/tmp.js';
import { minimalSnapshot } from '../helpers/snapshot-content.js';

const dir = tempDir();

/** Asserts that opening `path` fails with an InputError whose reason matches, and that the file is unchanged. */
function assertRefused(path: string, reason: RegExp): void {
  const before = sha256Hex(readFileSync(path));
  assert.throws(() => openSnapshotDb(path), (error: unknown) => {
    assert.ok(error instanceof InputError, `expected InputError, got ${String(error)}`);
    assert.equal(error.exitCode, 2);
    assert.match(error.why, reason);
    return true;
  });
  assert.equal(sha256Hex(readFileSync(path)), before, 'the refused file must not be modified');
}

test('a file that is not SQLite is refused', () => {
  const path = join(dir, 'notes.txt');
  writeFileSync(path, 'just some text that is long enough to hold a header\n');
  assertRefused(path, /not a SQLite database/);
});

test('an empty (zero-byte) file is refused', () => {
  const path = join(dir, 'zero.db');
  writeFileSync(path, '');
  assertRefused(path, /empty/);
});

test('a SQLite database without the docksnap schema is refused', () => {
  const path = join(dir, 'empty-sqlite.db');
  const db = new Database(path);
  db.exec('CREATE TABLE t (x INTEGER)');
  db.close();
  assertRefused(path, /not a docksnap snapshot/);
});

test('a snapshot written by a newer schema is refused', async () => {
  const path = join(dir, 'newer.db');
  await writeSnapshotFile(path, minimalSnapshot(), { force: false });
  const db = new Database(path);
  db.pragma('user_version = 999');
  db.close();
  assertRefused(path, /newer docksnap \(schema 999/);
});

test('a missing file is refused with exit 2', () => {
  assert.throws(() => openSnapshotDb(join(dir, 'absent.db')), (error: unknown) => error instanceof InputError);
});

test('a valid snapshot opens and reads back', async () => {
  const path = join(dir, 'ok.db');
  await writeSnapshotFile(path, minimalSnapshot({ host_name: 'alpha' }), { force: false });
  const db = openSnapshotDb(path);
  assert.equal(db.get<{ host_name: string }>('SELECT host_name FROM snapshot')?.host_name, 'alpha');
  db.close();
});

test('query refuses statements that write and accepts SELECT', async () => {
  const path = join(dir, 'query.db');
  await writeSnapshotFile(path, minimalSnapshot({ host_name: 'beta' }), { force: false });
  const before = sha256Hex(readFileSync(path));
  const db = openSnapshotDb(path);
  try {
    assert.deepEqual(db.query('SELECT host_name, mode FROM snapshot'), { columns: ['host_name', 'mode'], rows: [['beta', 'live']] });
    for (const sql of ["UPDATE snapshot SET host_name = 'x'", 'DELETE FROM capture_error', 'PRAGMA user_version = 7', 'DROP TABLE containers']) {
      assert.throws(() => db.query(sql), UsageError, sql);
    }
  } finally {
    db.close();
  }
  assert.equal(sha256Hex(readFileSync(path)), before);
});

test('a file claiming the current schema version without its tables is refused, not misread', async () => {
  const path = join(dir, 'claims.db');
  await writeSnapshotFile(path, minimalSnapshot(), { force: false });
  const db = new Database(path);
  db.exec('DROP TABLE mounts');
  db.close();
  assertRefused(path, new RegExp(`claims schema ${loadSchema().version} but lacks its tables mounts`));
});

test("a snapshot read keeps SQLite's own 2 MiB page cache, not the binding's 16 MiB, whether a file, an older file or a bundle's bytes", async () => {
  const path = join(dir, 'cache.db');
  await writeSnapshotFile(path, minimalSnapshot(), { force: false });
  const older = new URL('../fixtures/v4/overlay2-20.10.db', import.meta.url).pathname;
  for (const db of [openSnapshotDb(path), openSnapshotDb(older), openSnapshotBytes(readFileSync(path), 'snapshot.db')]) {
    try {
      assert.deepEqual(db.get('PRAGMA cache_size'), { cache_size: -2000 });
    } finally {
      db.close();
    }
  }
  const raw = new Database(path, { readonly: true });
  assert.equal(raw.pragma('cache_size', { simple: true }), -16000, 'the binding\'s default, which the snapshot read replaces');
  raw.close();
});

test('a file whose schema page is damaged is refused with exit 2, before any setting is applied to it', async () => {
  const path = join(dir, 'damaged-schema.db');
  await writeSnapshotFile(path, minimalSnapshot(), { force: false });
  const bytes = readFileSync(path);
  // Byte 100 is the type of page 1's b-tree (sqlite_master): 5 interior or 13 leaf; 0 is no page type.
  assert.ok(bytes[100] === 5 || bytes[100] === 13, `page type ${bytes[100]}`);
  bytes[100] = 0;
  writeFileSync(path, bytes);
  assertRefused(path, /damaged|malformed/);
});
