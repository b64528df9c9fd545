import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { writeSnapshotFile } from '../../src/store/write.js';
import { runInProcess } from '../helpers/cli.js';
import { consistentBundle as craftConsistentBundle } from '../helpers/crafted-bundle.js';
import { execCli } from '../helpers/exec.js';
import { minimalSnapshot } from '../helpers/snapshot-content.js';
import { buildTar, readTar, type CraftedMember } from '../helpers/tar.js';
import { tempDir } from '../helpers/tmp.js';

const root = tempDir('docksnap-hostile-');
// This file's own temporary directory, so that the no-copy-left checks see only this file's work.
process.env['TMPDIR'] = tempDir('docksnap-hostile-tmp-');
const bundles = join(root, 'bundles');
mkdirSync(bundles);
const source = join(root, 'source.db');
await writeSnapshotFile(source, minimalSnapshot(), { force: false });
const good = join(root, 'good.tar');
assert.equal((await runInProcess(['export', source, '-o', good], { XDG_CONFIG_HOME: join(root, 'config') })).code, 0);
const real = await readTar(readFileSync(good));
const member = (name: string): CraftedMember => ({ name, body: real.get(name) ?? Buffer.alloc(0) });
const manifest = member('manifest.json');
const ONE_ERROR_LINE = /^docksnap: .+ — .+\n$/;

/** A bundle whose manifest and SHA256SUMS truly describe `snapshot` (so only its content is wrong). */
function consistentBundle(snapshot: Buffer): CraftedMember[] {
  return craftConsistentBundle(real, snapshot);
}

function listTree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

/** Runs verify, import and show on a crafted bundle: each refuses with one line and exit 2, and writes nothing anywhere. */
async function assertRefused(name: string, bytes: Buffer, reason: RegExp): Promise<void> {
  const path = join(bundles, name);
  writeFileSync(path, bytes);
  const target = join(root, `target-${name}`);
  mkdirSync(target);
  const treeBefore = listTree(root);
  const tmpBefore = readdirSync(tmpdir()).filter((n) => n.startsWith('docksnap-bundle-'));
  for (const args of [['verify', path], ['import', path, '-o', join(target, 'x.db')], ['show', path]]) {
    const result = await runInProcess(args);
    assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, ONE_ERROR_LINE, args.join(' '));
    assert.match(result.stderr, reason, args.join(' '));
    assert.equal(result.stdout, '');
  }
  assert.deepEqual(readdirSync(target), [], 'nothing in the target directory');
  assert.deepEqual(listTree(root), treeBefore, 'nothing new anywhere under the test directory');
  assert.deepEqual(readdirSync(tmpdir()).filter((n) => n.startsWith('docksnap-bundle-')), tmpBefore, 'no temporary copy left');
}

test('a ../evil member is refused', async () => {
  await assertRefused('dotdot.tar', await buildTar([manifest, { name: '../evil', body: 'x' }]), /member "\.\.\/evil" climbs out of the bundle with \.\.; refused/);
  assert.ok(!existsSync(join(bundles, '..', 'evil')) && !existsSync(join(root, '..', 'evil')));
});

test('an absolute member path is refused', async () => {
  const evil = join(root, 'absolute-evil');
  await assertRefused('absolute.tar', await buildTar([{ name: evil, body: 'x' }, manifest]), /has an absolute path; refused/);
  assert.ok(!existsSync(evil));
});

test('symbolic links, hard links and devices are refused', async () => {
  await assertRefused('symlink.tar', await buildTar([manifest, { name: 'snapshot.db', type: 'symlink', linkname: '/etc/shadow' }]), /member "snapshot\.db" is a symbolic link \(to "\/etc\/shadow"\): a bundle holds regular files only; refused/);
  await assertRefused('hardlink.tar', await buildTar([manifest, { name: 'snapshot.db', type: 'link', linkname: 'manifest.json' }]), /is a hard link/);
  await assertRefused('device.tar', await buildTar([manifest, { name: 'snapshot.db', type: 'character-device', devmajor: 1, devminor: 3 }]), /is a character device/);
});

test('an unknown member name and a member out of order are refused', async () => {
  await assertRefused('unknown.tar', await buildTar([manifest, { name: 'run.sh', body: '#!/bin/sh\n' }]), /member "run\.sh" is not a bundle member/);
  await assertRefused('order.tar', await buildTar([member('snapshot.db'), manifest]), /member "snapshot\.db" is out of order \(expected manifest\.json here\)/);
});

test('a member larger than the manifest says is refused', async () => {
  const bigger = Buffer.concat([real.get('snapshot.db') ?? Buffer.alloc(0), Buffer.alloc(4096)]);
  await assertRefused('larger.tar', await buildTar([manifest, { name: 'snapshot.db', body: bigger }]), /member "snapshot\.db" is larger than the manifest says \(\d+ > \d+ bytes\)/);
});

test('a gzip bomb of a few KB is refused once it inflates past the cap', async () => {
  const bomb = gzipSync(Buffer.alloc(16 * 1024 * 1024), { level: 9 });
  assert.ok(bomb.length < 20 * 1024, `bomb is ${bomb.length} bytes`);
  await assertRefused('bomb.tgz', bomb, /inflates beyond \d+ bytes, the most its manifest allows; refused/);
  const afterManifest = gzipSync(Buffer.concat([await buildTar([manifest]), Buffer.alloc(64 * 1024 * 1024)]), { level: 9 });
  await assertRefused('bomb-after-manifest.tgz', afterManifest, /inflates beyond \d+ bytes/);
});

test('a truncated gzip or tar is one line and exit 2', async () => {
  const tar = readFileSync(good);
  await assertRefused('truncated.tgz', gzipSync(tar).subarray(0, 2000), /is a truncated or corrupt gzip stream/);
  await assertRefused('truncated.tar', tar.subarray(0, 3000), /is a truncated tar archive/);
  const built = execCli(['import', join(bundles, 'truncated.tgz'), '-o', join(root, 'target-truncated.tgz', 'x.db')]);
  assert.equal(built.code, 2);
  assert.match(built.stderr, /^docksnap: \S+ — is a truncated or corrupt gzip stream \(.+\)\n$/);
});

test('a snapshot.db that is not a docksnap snapshot is refused before use, even with correct digests', async () => {
  const plain = join(root, 'plain.db');
  const db = new Database(plain);
  db.exec('CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES (1)');
  db.close();
  const bytes = await buildTar(consistentBundle(readFileSync(plain)));
  const path = join(bundles, 'plain.tar');
  writeFileSync(path, bytes);
  const target = join(root, 'target-plain');
  mkdirSync(target);
  // Its digests are right, but verify runs every check import runs.
  for (const args of [['verify', path], ['import', path, '-o', join(target, 'x.db')], ['show', path]]) {
    const result = await runInProcess(args);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /is a SQLite database but not a docksnap snapshot/);
  }
  assert.deepEqual(readdirSync(target), []);
});
