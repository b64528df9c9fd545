import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeSnapshotFile } from '../../src/store/write.js';
import { SCHEMA_VERSION } from '../../src/types/snapshot.generated.js';
import { sha256Hex } from '../../src/util/hash.js';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { execCli } from '../helpers/exec.js';
import { tempDir } from '../helpers/tmp.js';
import { minimalSnapshot } from '../helpers/snapshot-content.js';

const ONE_ERROR_LINE = /^docksnap: .+ — .+\n$/;

function hostFile(relative: string): string {
  return readFileSync(join('/proc/sys/kernel', relative), 'utf8').trim();
}

test('--help lists exactly the registered commands', () => {
  const { code, stdout } = execCli(['--help']);
  assert.equal(code, 0);
  const listed = [...stdout.matchAll(/^ {2}docksnap (\S+)/gm)].map((m) => m[1]);
  assert.deepEqual(listed, COMMANDS.map((c) => c.command.split(' ')[0]));
});

test('--version prints the package version', () => {
  const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  assert.equal(execCli(['--version']).stdout.trim(), version);
});

test('capture -o writes this host\'s identity, and a second capture to the same file fails with exit 2', () => {
  const dir = tempDir();
  const path = join(dir, 'a.db');
  const first = execCli(['capture', '-o', path]);
  assert.equal(first.code, 0, first.stderr);
  assert.equal(first.stdout.trim().split('\n').at(-1), path);
  assert.equal(statSync(path).mode & 0o777, 0o600);
  const db = new Database(path, { readonly: true });
  const row = db.prepare('SELECT host_name, kernel_release, boot_id, mode, schema_version FROM snapshot').get() as Record<string, unknown>;
  db.close();
  assert.deepEqual(row, {
    host_name: hostFile('hostname'),
    kernel_release: hostFile('osrelease'),
    boot_id: hostFile('random/boot_id'),
    mode: 'live',
    schema_version: SCHEMA_VERSION,
  });

  const before = sha256Hex(readFileSync(path));
  const second = execCli(['capture', '-o', path]);
  assert.equal(second.code, 2);
  assert.match(second.stderr, ONE_ERROR_LINE);
  assert.match(second.stderr, /already exists; use --force/);
  assert.equal(sha256Hex(readFileSync(path)), before);
  assert.deepEqual(readdirSync(dir), ['a.db']);
});

test('capture without -o writes docksnap-<host>-<UTC time>.db in the current directory', () => {
  const dir = tempDir();
  const { code, stdout } = execCli(['capture', '--quiet'], { cwd: dir });
  assert.equal(code, 0);
  const [name] = readdirSync(dir);
  const host = hostFile('hostname').replace(/[^A-Za-z0-9._-]/g, '_');
  assert.match(name ?? '', new RegExp(`^docksnap-${host}-\\d{8}T\\d{6}Z\\.db$`));
  assert.equal(stdout, `${join(dir, name ?? '')}\n`);
});

test('show refuses a non-SQLite file, an empty SQLite file and a newer schema with one line and exit 2', async () => {
  const dir = tempDir();
  const text = join(dir, 'text.db');
  writeFileSync(text, 'not a database at all, just text\n');
  const empty = join(dir, 'empty.db');
  new Database(empty).close();
  const plain = join(dir, 'plain.db');
  const plainDb = new Database(plain);
  plainDb.exec('CREATE TABLE notes (body TEXT)');
  plainDb.close();
  const newer = join(dir, 'newer.db');
  await writeSnapshotFile(newer, minimalSnapshot(), { force: false });
  const newerDb = new Database(newer);
  newerDb.pragma('user_version = 42');
  newerDb.close();

  for (const [path, reason] of [
    [text, /not a SQLite database/],
    [empty, /empty, not a docksnap snapshot/],
    [plain, /not a docksnap snapshot/],
    [newer, /newer docksnap \(schema 42/],
  ] as const) {
    const before = sha256Hex(readFileSync(path));
    const result = execCli(['show', path]);
    assert.equal(result.code, 2, path);
    assert.match(result.stderr, ONE_ERROR_LINE);
    assert.match(result.stderr, reason);
    assert.equal(result.stdout, '');
    assert.equal(sha256Hex(readFileSync(path)), before, `${path} must be unchanged`);
  }
});

test('DOCKSNAP_DEBUG=1 adds the stack trace; without it there is none', () => {
  const dir = tempDir();
  const quiet = execCli(['show', join(dir, 'absent.db')]);
  assert.equal(quiet.stderr.split('\n').filter(Boolean).length, 1);
  const debug = execCli(['show', join(dir, 'absent.db')], { env: { DOCKSNAP_DEBUG: '1' } });
  assert.match(debug.stderr, /\n\s+at /);
});

test('an unknown command or option is a usage error with exit 2', () => {
  for (const args of [['frobnicate'], ['show'], ['ls', '--no-such-flag'], []]) {
    const result = execCli(args);
    assert.equal(result.code, 2, args.join(' '));
    assert.match(result.stderr, ONE_ERROR_LINE);
  }
});

test('ls lists snapshots newest first, as text and JSON, and skips other files', async () => {
  const dir = tempDir();
  await writeSnapshotFile(join(dir, 'old.db'), minimalSnapshot({ host_name: 'old', started_at: '2025-01-01T00:00:00.000Z' }), { force: false });
  await writeSnapshotFile(join(dir, 'new.db'), minimalSnapshot({ host_name: 'new', started_at: '2026-01-01T00:00:00.000Z' }), { force: false });
  writeFileSync(join(dir, 'README.txt'), 'not a snapshot');
  const json = execCli(['ls', dir, '--json']);
  assert.equal(json.code, 0);
  const listed = JSON.parse(json.stdout) as { host_name: string; path: string; container_count: number }[];
  assert.deepEqual(listed.map((l) => [l.host_name, l.path, l.container_count]), [
    ['new', join(dir, 'new.db'), 0],
    ['old', join(dir, 'old.db'), 0],
  ]);
  const text = execCli(['ls', dir]);
  assert.match(text.stdout, /^CAPTURED\s+HOST\s+MODE\s+CONTAINERS\s+PATH\n2026-01-01T00:00:00.000Z\s+new\s+live\s+0\s+\S+new\.db\n2025/);
});
