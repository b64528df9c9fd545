/** Bundle and import file names: export writes what its name says or nothing; import never takes the exported snapshot's name. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeSnapshotFile } from '../../src/store/write.js';
import { sha256Hex } from '../../src/util/hash.js';
import { runInProcess } from '../helpers/cli.js';
import { minimalSnapshot } from '../helpers/snapshot-content.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir('docksnap-names-');
const env = { XDG_CONFIG_HOME: join(dir, 'config') };
const after = join(dir, 'after.db');
await writeSnapshotFile(after, minimalSnapshot(), { force: false });

test('export refuses a name that is not .tar, .tar.gz or .tgz: one line, exit 2, nothing written', async () => {
  const before = readdirSync(dir).sort();
  for (const name of ['x.zip', 'x.gz', 'x.tar.bz2', 'x.tar.zst', 'x', 'x.db']) {
    const result = await runInProcess(['export', after, '-o', join(dir, name)], env);
    assert.equal(result.code, 2, name);
    assert.equal(result.stderr, `docksnap: ${join(dir, name)} — a bundle is a tar: name it .tar, .tar.gz or .tgz\n`);
    assert.equal(result.stdout, '');
  }
  assert.deepEqual(readdirSync(dir).sort(), before);
});

test('export writes a plain tar for .tar and gzip for .tar.gz, .tgz and .TGZ', async () => {
  for (const [name, gzip] of [['p.tar', false], ['g.tar.gz', true], ['g.tgz', true], ['G.TGZ', true]] as const) {
    const result = await runInProcess(['export', after, '-o', join(dir, name)], env);
    assert.equal(result.code, 0, result.stderr);
    const bytes = readFileSync(join(dir, name));
    if (gzip) assert.deepEqual([...bytes.subarray(0, 2)], [0x1f, 0x8b], name);
    else assert.equal(bytes.toString('latin1', 257, 262), 'ustar', name);
  }
});

test('import without -o writes after.imported.db beside after.db, and refuses to replace it a second time', async () => {
  const work = tempDir('docksnap-names-import-');
  const bundle = join(work, 'after.tar.gz');
  const source = join(work, 'after.db');
  await writeSnapshotFile(source, minimalSnapshot(), { force: false });
  assert.equal((await runInProcess(['export', source, '-o', bundle], env)).code, 0);
  const sourceDigest = sha256Hex(readFileSync(source));
  const cwd = process.cwd();
  process.chdir(work);
  try {
    const first = await runInProcess(['import', 'after.tar.gz'], env);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stdout, `${join(work, 'after.imported.db')}\n`);
    const second = await runInProcess(['import', 'after.tar.gz'], env);
    assert.equal(second.code, 2);
    assert.match(second.stderr, /^docksnap: .*after\.imported\.db — already exists; use --force[^\n]*\n$/);
  } finally {
    process.chdir(cwd);
  }
  assert.equal(sha256Hex(readFileSync(source)), sourceDigest);
  assert.deepEqual(readdirSync(work).sort(), ['after.db', 'after.imported.db', 'after.tar.gz']);
});
