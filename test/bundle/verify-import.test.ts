import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { writeSnapshotFile } from '../../src/store/write.js';
import { runInProcess } from '../helpers/cli.js';
import { execCli } from '../helpers/exec.js';
import { makeSecrets, secretSnapshot } from '../helpers/secret-snapshot.js';
import { readTar } from '../helpers/tar.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir('docksnap-import-');
// This file's own temporary directory, so that the no-copy-left check sees only this file's work.
process.env['TMPDIR'] = tempDir('docksnap-import-tmp-');
const env = { XDG_CONFIG_HOME: join(dir, 'config') };
const source = join(dir, 'source.db');
await writeSnapshotFile(source, secretSnapshot(makeSecrets()), { force: false });
const tarPath = join(dir, 'bundle.tar');
const tgzPath = join(dir, 'bundle.tgz');
for (const path of [tarPath, tgzPath]) assert.equal((await runInProcess(['export', source, '-o', path], env)).code, 0);

/** Where each member's bytes start in an uncompressed tar, and how many there are. */
function memberSpans(tar: Buffer): Map<string, { start: number; size: number }> {
  const spans = new Map<string, { start: number; size: number }>();
  for (let offset = 0; offset + 512 <= tar.length && tar[offset] !== 0; ) {
    const name = tar.toString('utf8', offset, offset + 100).replace(/\0.*$/s, '');
    const size = parseInt(tar.toString('latin1', offset + 124, offset + 136).replace(/\0.*$/s, '').trim(), 8);
    spans.set(name, { start: offset + 512, size });
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return spans;
}

function bundleBytesWithFlip(member: string, gzip: boolean): Buffer {
  const tar = Buffer.from(gzip ? gunzipSync(readFileSync(tgzPath)) : readFileSync(tarPath));
  const span = memberSpans(tar).get(member);
  assert.ok(span, member);
  // In the manifest, flip a letter of the host name, so that the JSON stays valid and only the digest can tell.
  const at = member === 'manifest.json' ? tar.indexOf('testhost', span.start) + 1 : span.start + Math.floor(span.size / 2);
  tar[at] = (tar[at] ?? 0) ^ 0x01;
  return gzip ? gzipSync(tar) : tar;
}

test('verify says valid, exit 0, for an intact bundle, tar and tar.gz', async () => {
  for (const path of [tarPath, tgzPath]) {
    const result = await runInProcess(['verify', path]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, `${path}: valid — snapshot of testhost captured 2026-01-01T00:00:00.000Z, redacted (rules 2, key ${/key ([0-9a-f]{16})/.exec(result.stdout)?.[1]})\n`);
  }
});

test('one flipped byte in any member: verify exits 1 naming it with expected and actual digests, and import writes nothing', async () => {
  for (const gzip of [false, true]) {
    for (const member of ['manifest.json', 'snapshot.db', 'summary.md', 'SHA256SUMS']) {
      const bad = join(dir, `flipped-${member}${gzip ? '.tgz' : '.tar'}`);
      writeFileSync(bad, bundleBytesWithFlip(member, gzip));
      const verify = await runInProcess(['verify', bad]);
      assert.equal(verify.code, 1, `${member}: ${verify.stderr}`);
      assert.match(verify.stderr, new RegExp(`^docksnap: .+ — is not a valid bundle: ${member}: [a-z0-9 ]+ \\(expected [0-9a-f]{64}, actual [0-9a-f]{64}\\)\\n$`));
      const out = join(dir, `import-${member}-${gzip}`);
      mkdirSync(out);
      const imported = await runInProcess(['import', bad, '-o', join(out, 'x.db')]);
      assert.equal(imported.code, 1, imported.stderr);
      assert.match(imported.stderr, new RegExp(`nothing written: ${member}: `));
      assert.deepEqual(readdirSync(out), []);
    }
  }
});

test('import of an exported bundle gives a 0600 snapshot whose show --json equals the redacted source and the bundle', async () => {
  const members = await readTar(readFileSync(tarPath));
  const redacted = join(dir, 'redacted-member.db');
  writeFileSync(redacted, members.get('snapshot.db') ?? Buffer.alloc(0));
  const imported = join(dir, 'imported.db');
  const result = await runInProcess(['import', tgzPath, '-o', imported]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, `${imported}\n`);
  assert.equal(statSync(imported).mode & 0o777, 0o600);
  const expected = (await runInProcess(['show', redacted, '--json'])).stdout;
  assert.match(expected, /"host_name": "testhost"/);
  assert.equal((await runInProcess(['show', imported, '--json'])).stdout, expected);
  const fromBundle = await runInProcess(['show', tgzPath, '--json']);
  assert.equal(fromBundle.code, 0, fromBundle.stderr);
  assert.equal(fromBundle.stdout, expected);
  assert.deepEqual(readFileSync(imported), members.get('snapshot.db'));
  const query = await runInProcess(['query', tarPath, "SELECT name, value FROM container_env WHERE name = 'API_TOKEN'", '--json']);
  assert.equal(query.code, 0, query.stderr);
  assert.match(query.stdout, /"API_TOKEN",\s*"REDACTED:[0-9a-f]{12}"/);
});

test('import names the snapshot <bundle>.imported.db by default and never overwrites without --force', async () => {
  const cwd = join(dir, 'cwd');
  mkdirSync(cwd);
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    assert.equal((await runInProcess(['import', tgzPath])).stdout, `${join(cwd, 'bundle.imported.db')}\n`);
    writeFileSync(join(cwd, 'bundle.imported.db'), 'keep');
    const again = await runInProcess(['import', tgzPath]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /already exists; use --force/);
    assert.equal(readFileSync(join(cwd, 'bundle.imported.db'), 'utf8'), 'keep');
    assert.equal((await runInProcess(['import', tgzPath, '--force'])).code, 0);
    assert.deepEqual(readdirSync(cwd), ['bundle.imported.db']);
  } finally {
    process.chdir(previous);
  }
});

test('show on a bundle leaves no temporary copy behind', async () => {
  const before = readdirSync(tmpdir()).filter((name) => name.startsWith('docksnap-bundle-'));
  assert.equal((await runInProcess(['show', tarPath])).code, 0);
  assert.deepEqual(readdirSync(tmpdir()).filter((name) => name.startsWith('docksnap-bundle-')), before);
});

test('the built CLI: verify exits 0 on an intact bundle and 1 with one stderr line on a flipped one; show opens a bundle', () => {
  assert.equal(execCli(['verify', tgzPath]).code, 0);
  const bad = join(dir, 'dist-flipped.tar');
  writeFileSync(bad, bundleBytesWithFlip('snapshot.db', false));
  const result = execCli(['verify', bad]);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /^docksnap: \S+ — is not a valid bundle: snapshot\.db: sha256 mismatch \(expected [0-9a-f]{64}, actual [0-9a-f]{64}\)\n$/);
  const show = execCli(['show', tarPath]);
  assert.equal(show.code, 0, show.stderr);
  assert.match(show.stdout, new RegExp(`^snapshot   ${tarPath}\n`));
});
