import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadSchema } from '../../src/store/ddl.js';
import { runInProcess } from '../helpers/cli.js';
import { consistentBundle } from '../helpers/crafted-bundle.js';
import { captureFixture, SNAPSHOTS } from '../helpers/offline-capture.js';
import { plantValues } from '../helpers/plant-values.js';
import { buildTar, readTar } from '../helpers/tar.js';
import { tempDir } from '../helpers/tmp.js';

const root = tempDir('docksnap-lying-bundles-');
// This file's own temporary directory, so that the no-copy-left checks see only this file's work.
process.env['TMPDIR'] = tempDir('docksnap-lying-bundles-tmp-');
const env = { XDG_CONFIG_HOME: join(root, 'config') };
const good = (await captureFixture(join(SNAPSHOTS, 'overlay2-20.10'), join(root, 'capture'))).snapshot;
const exported = join(root, 'good.tar');
assert.equal((await runInProcess(['export', good, '-o', exported], env)).code, 0);
const real = await readTar(readFileSync(exported));
const realDb = real.get('snapshot.db') ?? Buffer.alloc(0);

/** verify, import and show each refuse the bundle with one line and exit 2; nothing is written anywhere. */
async function assertRefused(name: string, bytes: Buffer, reason: RegExp): Promise<void> {
  const path = join(root, name);
  writeFileSync(path, bytes);
  const target = join(root, `target-${name}`);
  mkdirSync(target);
  for (const args of [['verify', path], ['import', path, '-o', join(target, 'x.db')], ['show', path]]) {
    const started = Date.now();
    const result = await runInProcess(args);
    assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, /^docksnap: .+ — .+\n$/, args.join(' '));
    assert.match(result.stderr, reason, args.join(' '));
    assert.equal(result.stdout, '', 'never "valid"');
    assert.ok(Date.now() - started < 10_000, `${args[0]} took ${Date.now() - started} ms`);
  }
  assert.deepEqual(readdirSync(target), [], 'nothing in the target directory');
  assert.deepEqual(readdirSync(tmpdir()), [], 'no temporary copy left');
}

/** The real snapshot, altered through SQLite. */
function alteredDb(sql: string): Buffer {
  const path = join(root, `altered-${readdirSync(root).length}.db`);
  copyFileSync(good, path);
  const db = new Database(path);
  db.exec(sql);
  db.close();
  return readFileSync(path);
}

/** A copy of the good snapshot holding what `sql` plants in `table` past its STRICT check. */
function plantedDb(table: string, sql: string): Buffer {
  const path = join(root, `planted-${readdirSync(root).length}.db`);
  copyFileSync(good, path);
  plantValues(path, table, sql);
  return readFileSync(path);
}

test('item 21: verify refuses, like import, a snapshot.db of random bytes, of a newer schema, or with a table of the wrong columns — with correct digests', async () => {
  const random = Buffer.alloc(realDb.length);
  for (let i = 0; i < random.length; i++) random[i] = (i * 2654435761) >>> 24;
  await assertRefused('random.tar', await buildTar(consistentBundle(real, random)), /its snapshot\.db is not a SQLite database; refused before extracting it/);
  const newer = alteredDb('PRAGMA user_version = 99');
  await assertRefused('newer.tar', await buildTar(consistentBundle(real, newer)), /its snapshot\.db was written by a newer docksnap \(schema 99; this docksnap reads up to \d+\)/);
  const columns = alteredDb('DROP TABLE containers; CREATE TABLE containers (id TEXT PRIMARY KEY, name TEXT)');
  await assertRefused('columns.tar', await buildTar(consistentBundle(real, columns)), new RegExp(`its snapshot\\.db claims schema ${loadSchema().version} but table containers lacks the columns`));
  const damaged = plantedDb('containers', "UPDATE containers SET pid = 'x'");
  await assertRefused('damaged.tar', await buildTar(consistentBundle(real, damaged)), /its snapshot\.db is damaged: non-INTEGER value in containers\.pid/);
  const good = await runInProcess(['verify', exported]);
  assert.equal(good.code, 0, good.stderr);
});

test('item 24: a small tar.gz declaring a huge snapshot.db of zeros (correct digests) is refused from its first bytes, writing nothing', async () => {
  const zeros = Buffer.alloc(256 * 1024 * 1024);
  const bomb = gzipSync(await buildTar(consistentBundle(real, zeros)), { level: 1 });
  assert.ok(bomb.length < 2 * 1024 * 1024, `the bundle is ${bomb.length} bytes`);
  await assertRefused('zeros.tgz', bomb, /its snapshot\.db is not a SQLite database; refused before extracting it/);
});

test('item 24: a real SQLite header whose page count does not give the declared size is refused before extracting', async () => {
  const padded = Buffer.concat([realDb, Buffer.alloc(64 * 1024 * 1024)]);
  const pages = realDb.readUInt32BE(28);
  const pageSize = realDb.readUInt16BE(16);
  await assertRefused(
    'padded.tgz',
    gzipSync(await buildTar(consistentBundle(real, padded)), { level: 1 }),
    new RegExp(`its snapshot\\.db has a SQLite header for ${pages} pages of ${pageSize} bytes \\(${pages * pageSize} bytes\\), not the ${padded.length} bytes the manifest declares`),
  );
});

test('item 24: a declared snapshot.db larger than the free space is refused before a byte is extracted (verify: larger than it checks in memory)', async (t) => {
  if (process.getuid?.() !== 0) return t.skip('needs root to mount a small tmpfs');
  const small = join(root, 'small');
  mkdirSync(small);
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m,mode=0700', 'docksnap-test', small]);
  const previousTmp = process.env['TMPDIR'];
  try {
    const declared = 64 * 1024 * 1024;
    const path = join(root, 'bigger-than-free.tar');
    writeFileSync(path, await buildTar(consistentBundle(real, realDb, declared)));
    const imported = await runInProcess(['import', path, '-o', join(small, 'x.db')]);
    assert.equal(imported.code, 2, imported.stderr);
    assert.match(imported.stderr, new RegExp(`its snapshot\\.db declares ${declared} bytes but ${small} has only \\d+ bytes free; nothing extracted\\n$`));
    process.env['TMPDIR'] = small;
    const shown = await runInProcess(['show', path]);
    assert.equal(shown.code, 2, shown.stderr);
    assert.match(shown.stderr, /has only \d+ bytes free; nothing extracted\n$/);
    assert.deepEqual(readdirSync(small), [], 'nothing extracted, no temporary directory left');
  } finally {
    process.env['TMPDIR'] = previousTmp;
    execFileSync('umount', [small]);
  }
  const huge = 60 * 1024 ** 3;
  const path = join(root, 'huge.tar');
  writeFileSync(path, await buildTar(consistentBundle(real, realDb, huge)));
  const verified = await runInProcess(['verify', path]);
  assert.equal(verified.code, 2, verified.stderr);
  assert.match(verified.stderr, new RegExp(`its snapshot\\.db declares ${huge} bytes, more than verify checks in memory \\(536870912\\)\\n$`));
});
