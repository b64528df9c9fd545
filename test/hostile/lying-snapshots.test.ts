import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSchema } from '../../src/store/ddl.js';
import { readTar } from '../helpers/tar.js';
import { runInProcess } from '../helpers/cli.js';
import { execCli } from '../helpers/exec.js';
import { captureFixture, SNAPSHOTS } from '../helpers/offline-capture.js';
import { plantValues } from '../helpers/plant-values.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir('docksnap-lying-');
const env = { XDG_CONFIG_HOME: join(dir, 'config') };
const ONE_ERROR_LINE = /^docksnap: .+ — .+\n$/;
const good = (await captureFixture(join(SNAPSHOTS, 'overlay2-20.10'), join(dir, 'capture'))).snapshot;
const VERSION = loadSchema().version;

/** A copy of the good capture, altered by `sql` through a plain SQLite connection. */
function altered(name: string, sql: string): string {
  const path = join(dir, name);
  copyFileSync(good, path);
  const db = new Database(path);
  db.exec(sql);
  db.close();
  return path;
}

/** A copy of the good capture holding what `sql` plants in `table` past its STRICT check (see plantValues). */
function planted(name: string, table: string, sql: string): string {
  const path = join(dir, name);
  copyFileSync(good, path);
  plantValues(path, table, sql);
  return path;
}

/** Every reading command refuses `path` with one line and exit 2, and the file is unchanged. */
async function assertEveryReaderRefuses(path: string, reason: RegExp): Promise<void> {
  const before = readFileSync(path);
  const commands = [
    ['show', path],
    ['show', path, '--json'],
    ['diff', good, path],
    ['diff', path, good],
    ['export', path, '-o', join(dir, `${readdirSync(dir).length}.tar`)],
    ['query', path, 'SELECT count(*) FROM containers'],
  ];
  for (const args of commands) {
    const result = await runInProcess(args, env);
    assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, ONE_ERROR_LINE);
    assert.match(result.stderr, reason, args.join(' '));
  }
  assert.ok(readFileSync(path).equals(before), 'a refused file is never modified');
}

test('item 5: a FIFO or a device given as the file of show, verify, import, diff, query or export is refused at once with exit 2', () => {
  const fifo = join(dir, 'pipe.db');
  execFileSync('mkfifo', [fifo]);
  for (const [file, kind] of [[fifo, 'a FIFO'], ['/dev/zero', 'a character device'], ['/dev/null', 'a character device']] as const) {
    const commands = [
      ['show', file],
      ['verify', file],
      ['import', file, '-o', join(dir, 'from-device.db')],
      ['diff', file, good],
      ['diff', good, file],
      ['query', file, 'SELECT 1'],
      ['export', file, '-o', join(dir, 'from-device.tar')],
    ];
    for (const args of commands) {
      const started = Date.now();
      const result = execCli(args, { env, timeoutMs: 20_000 });
      assert.equal(result.code, 2, `${args.join(' ')} (${Date.now() - started} ms): ${result.stderr}`);
      assert.equal(result.stderr, `docksnap: ${file} — is ${kind}, not a regular file; give a snapshot or bundle file\n`, args.join(' '));
    }
  }
  assert.deepEqual(readdirSync(dir).filter((n) => n.startsWith('from-device')), []);
});

test('item 22: a table with the right name but other columns is refused on open by show, diff, export and query', async () => {
  const path = altered('wrong-columns.db', 'DROP TABLE containers; CREATE TABLE containers (id TEXT PRIMARY KEY, name TEXT)');
  await assertEveryReaderRefuses(path, new RegExp(`claims schema ${VERSION} but table containers lacks the columns image_id`));
  const extra = altered('extra-column.db', 'ALTER TABLE containers ADD COLUMN planted TEXT');
  await assertEveryReaderRefuses(extra, /table containers has columns the schema does not define: planted/);
  const retyped = altered('retyped.db', 'DROP TABLE capture_error; CREATE TABLE capture_error (id INTEGER PRIMARY KEY, phase BLOB, subject TEXT, path TEXT, code TEXT, message TEXT)');
  await assertEveryReaderRefuses(retyped, /table capture_error has the right columns but not the types or constraints the schema defines/);
  const planted = altered('planted-view.db', "CREATE VIEW planted AS SELECT 1; CREATE TRIGGER t AFTER INSERT ON snapshot BEGIN SELECT 1; END");
  await assertEveryReaderRefuses(planted, /holds objects the schema does not define: trigger t, view planted/);
});

test('item 23: stored values that are not what the schema says are refused as damaged with exit 2, never an internal error', async () => {
  const args = altered('bad-args.db', "UPDATE containers SET args = '{not json'");
  const shownArgs = await runInProcess(['show', args, '--container', 'web'], env);
  assert.equal(shownArgs.code, 2, shownArgs.stderr);
  assert.match(shownArgs.stderr, /^docksnap: .+bad-args\.db — is damaged: a value of containers\.args is not JSON \(.+\)\n$/);
  const options = altered('bad-options.db', "UPDATE snapshot SET options = 'null'");
  for (const command of [['show', options], ['show', options, '--json'], ['diff', options, good], ['export', options, '-o', join(dir, 'bad-options.tar')]]) {
    const result = await runInProcess(command, env);
    assert.equal(result.code, 2, `${command.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, /is damaged: a value of snapshot\.options is not a JSON object\n$/);
  }
  // A value of the wrong storage class is refused on open, whichever command reads the file: SQLite
  // refuses to write one to a STRICT table, so the crafted file has it planted past STRICT.
  await assertEveryReaderRefuses(planted('blob-name.db', 'containers', "UPDATE containers SET name = x'00ff'"), /is damaged: non-TEXT value in containers\.name$/m);
  await assertEveryReaderRefuses(planted('real-pid.db', 'containers', 'UPDATE containers SET pid = 1.5'), /is damaged: non-INTEGER value in containers\.pid$/m);
  await assertEveryReaderRefuses(planted('null-role.db', 'files', 'UPDATE files SET role = NULL'), /is damaged: NULL value in files\.role$/m);
  // A WITHOUT ROWID table too (the drift of the fixture's containers).
  await assertEveryReaderRefuses(planted('text-size.db', 'container_drift', "UPDATE container_drift SET size = 'big' WHERE type = 'file'"), /is damaged: non-INTEGER value in container_drift\.size$/m);
});

test('item 23, schema 3: in a file of the schema before STRICT tables, a value of the wrong type is found by reading every value', async () => {
  const path = join(dir, 'v3-blob-name.db');
  copyFileSync(new URL('../fixtures/v3/overlay2-20.10.db', import.meta.url).pathname, path);
  const db = new Database(path);
  db.exec("UPDATE containers SET name = x'00ff'");
  db.close();
  const result = await runInProcess(['show', path], env);
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /^docksnap: .+v3-blob-name\.db — is damaged: containers\.name holds 4 values that are not NULL or TEXT\n$/);
});

test('item 25: a WAL-mode snapshot is read without creating -wal or -shm files; one with uncheckpointed changes is refused', async () => {
  const walDir = join(dir, 'wal');
  execFileSync('mkdir', [walDir]);
  const path = join(walDir, 'wal.db');
  copyFileSync(good, path);
  const db = new Database(path);
  assert.equal(db.pragma('journal_mode = WAL', { simple: true }), 'wal');
  db.close();
  assert.equal(readFileSync(path)[18], 2, 'the file is in WAL mode');
  for (const args of [['show', path], ['query', path, 'SELECT count(*) FROM containers'], ['diff', path, good], ['export', path, '-o', join(dir, 'from-wal.tar')]]) {
    const result = await runInProcess(args, env);
    assert.ok(result.code === 0 || (args[0] === 'diff' && result.code === 1), `${args.join(' ')}: ${result.stderr}`);
    assert.deepEqual(readdirSync(walDir), ['wal.db'], `${args[0]} left side files`);
  }
  const diff = await runInProcess(['diff', path, good], env);
  assert.equal(diff.code, 0, 'the WAL copy holds the same content');
  const bundled = await readTar(readFileSync(join(dir, 'from-wal.tar')));
  const member = bundled.get('snapshot.db');
  assert.ok(member);
  assert.deepEqual([member[18], member[19]], [1, 1], "a bundle's snapshot.db is a rollback-journal file");

  if (process.getuid?.() === 0) {
    // On read-only media: a read-only bind mount of the directory.
    const readOnly = join(dir, 'read-only');
    execFileSync('mkdir', [readOnly]);
    execFileSync('mount', ['--bind', walDir, readOnly]);
    try {
      execFileSync('mount', ['-o', 'remount,ro,bind', readOnly]);
      for (const args of [['show', join(readOnly, 'wal.db')], ['query', join(readOnly, 'wal.db'), 'SELECT count(*) FROM containers']]) {
        const result = await runInProcess(args, env);
        assert.equal(result.code, 0, `${args.join(' ')} on read-only media: ${result.stderr}`);
      }
    } finally {
      execFileSync('umount', [readOnly]);
    }
  }

  const pending = join(walDir, 'pending.db');
  copyFileSync(good, pending);
  const writer = new Database(pending);
  writer.pragma('journal_mode = WAL');
  writer.pragma('wal_autocheckpoint = 0');
  writer.exec("UPDATE snapshot SET host_name = 'changed'");
  const result = await runInProcess(['show', pending], env);
  writer.close();
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /has \d+ bytes of changes in .+pending\.db-wal that are not in the file/);
});

test('item 26: load_extension and other statements SQLite refuses to run are refused statements, exit 2', async () => {
  for (const sql of ["SELECT load_extension('/lib/x86_64-linux-gnu/libc.so.6')", "SELECT load_extension('./nothing')", 'SELECT abs(-9223372036854775808)']) {
    const result = await runInProcess(['query', good, sql]);
    assert.equal(result.code, 2, `${sql}: ${result.stderr}`);
    assert.match(result.stderr, /^docksnap: query — refused: .+\n$/);
  }
});
