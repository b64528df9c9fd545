/**
 * Property tests of what reads snapshots and bundles someone else made: the tar/bundle reader,
 * the manifest checker, the SQLite header check and the snapshot opener. For any input each
 * either accepts it or refuses it with a documented error (InputError, exit 2; OperationError,
 * exit 1 for a bundle that fails its digests), within bounded time, writing nothing but what it
 * was asked to. Bounded and seeded in `npm test`; `npm run fuzz` runs them longer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { checkManifest } from '../../src/bundle/manifest-check.js';
import { serializeManifest, type BundleManifest } from '../../src/bundle/manifest.js';
import { scanBundle } from '../../src/bundle/scan.js';
import { InputError, isDocksnapError } from '../../src/errors.js';
import { readShowReport } from '../../src/read/show.js';
import { openSnapshotDb } from '../../src/store/open.js';
import { bundleDbHeaderProblem, parseSqliteHeader } from '../../src/store/sqlite-header.js';
import { runInProcess } from '../helpers/cli.js';
import { fuzzParameters } from '../helpers/fuzz.js';
import { readTar } from '../helpers/tar.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir('docksnap-fuzz-lying-');
const FIXTURE = new URL('../fixtures/v1/overlay2-20.10.db', import.meta.url).pathname;
const snapshotBytes = readFileSync(FIXTURE);
const bundlePath = join(dir, 'real.tar');
assert.equal((await runInProcess(['export', FIXTURE, '-o', bundlePath], { XDG_CONFIG_HOME: join(dir, 'config') })).code, 0);
const bundleBytes = readFileSync(bundlePath);
const manifestText = (await readTar(bundleBytes)).get('manifest.json')?.toString('utf8') ?? '';

/** Edits of a real file: bytes overwritten at random places, a cut, or bytes appended. */
function mutated(original: Buffer): fc.Arbitrary<Buffer> {
  const flips = fc.array(fc.record({ at: fc.nat({ max: original.length - 1 }), byte: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 8 });
  return fc.oneof(
    flips.map((edits) => {
      const copy = Buffer.from(original);
      for (const { at, byte } of edits) copy[at] = byte;
      return copy;
    }),
    fc.nat({ max: original.length }).map((length) => original.subarray(0, length)),
    fc.uint8Array({ minLength: 1, maxLength: 2048 }).map((tail) => Buffer.concat([original, Buffer.from(tail)])),
  );
}

/** Edits aimed at the parts that carry meaning: the first page (headers, sqlite_master) or the tar headers. */
function mutatedNear(original: Buffer, span: number): fc.Arbitrary<Buffer> {
  return fc.array(fc.record({ at: fc.nat({ max: Math.min(span, original.length) - 1 }), byte: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 6 }).map((edits) => {
    const copy = Buffer.from(original);
    for (const { at, byte } of edits) copy[at] = byte;
    return copy;
  });
}

function assertDocumented(error: unknown): void {
  if (isDocksnapError(error) && (error.exitCode === 1 || error.exitCode === 2)) return;
  throw error;
}

test('the SQLite header parser accepts any bytes without throwing, and only sizes it can vouch for', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 120 }), fc.nat(), (bytes, declared) => {
      const head = Buffer.from(bytes);
      const header = parseSqliteHeader(head);
      if (typeof header !== 'string') {
        assert.ok(header.pageSize >= 512 && header.pageSize <= 65536 && (header.pageSize & (header.pageSize - 1)) === 0);
      }
      const problem = bundleDbHeaderProblem(head, declared);
      if (problem === undefined) {
        assert.ok(typeof header !== 'string' && header.pageCount !== undefined && header.pageSize * header.pageCount === declared && !header.wal);
      }
    }),
    fuzzParameters(2000),
  );
  assert.equal(bundleDbHeaderProblem(snapshotBytes.subarray(0, 100), snapshotBytes.length), undefined, 'a real snapshot passes');
});

test('the manifest checker returns a manifest or a failure, or throws InputError, for any text', () => {
  const manifest = JSON.parse(manifestText) as Record<string, unknown>;
  const texts = fc.oneof(
    fc.string({ maxLength: 400 }),
    fc.json({ maxDepth: 4 }),
    mutatedNear(Buffer.from(manifestText), manifestText.length).map((b) => b.toString('utf8')),
    fc.record({ key: fc.constantFrom(...Object.keys(manifest)), value: fc.jsonValue({ maxDepth: 3 }) }).map(({ key, value }) => {
      const { manifest_sha256: _self, ...rest } = { ...manifest, [key]: value } as unknown as BundleManifest;
      return serializeManifest(rest);
    }),
  );
  fc.assert(
    fc.property(texts, (text) => {
      try {
        const check = checkManifest('fuzz.tar', text);
        if ('manifest' in check && check.manifest) {
          assert.equal(check.manifest.members[0]?.name, 'snapshot.db');
          assert.ok(Number.isSafeInteger(check.manifest.schema_version));
        } else assert.ok('failure' in check && typeof check.failure === 'string' && check.failure.length > 0);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
      }
    }),
    fuzzParameters(300),
  );
  assert.ok('manifest' in checkManifest('real.tar', manifestText), 'the real manifest passes');
});

test('the bundle reader refuses or accepts any mutated bundle (tar and tar.gz) with a documented error, writing only its target', async () => {
  const work = join(dir, 'bundles');
  const inputs = fc.oneof(
    mutatedNear(bundleBytes, 2048).map((b) => ({ bytes: b, gzip: false })),
    mutated(bundleBytes).map((b) => ({ bytes: b, gzip: false })),
    mutated(bundleBytes).map((b) => ({ bytes: b, gzip: true })),
    fc.uint8Array({ maxLength: 4096 }).map((b) => ({ bytes: Buffer.from(b), gzip: false })),
  );
  await fc.assert(
    fc.asyncProperty(inputs, async ({ bytes, gzip }) => {
      rmSync(work, { recursive: true, force: true });
      mkdirSync(work);
      const path = join(work, gzip ? 'b.tgz' : 'b.tar');
      writeFileSync(path, gzip ? gzipSync(bytes) : bytes);
      const started = Date.now();
      try {
        const report = await scanBundle(path, { snapshotTo: join(work, 'out.db') });
        if (report.valid) assert.ok(report.manifest);
        else assert.ok(report.failures.length > 0);
      } catch (error) {
        assertDocumented(error);
      }
      assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
      assert.deepEqual(readdirSync(work).filter((n) => n !== 'out.db' && n !== 'b.tar' && n !== 'b.tgz'), [], 'nothing else written');
    }),
    fuzzParameters(150),
  );
});

test('the snapshot opener opens or refuses any mutated snapshot, and what it opens can be shown', () => {
  const path = join(dir, 'mutated.db');
  const inputs = fc.oneof(mutatedNear(snapshotBytes, 4096 * 3), mutated(snapshotBytes), fc.uint8Array({ maxLength: 8192 }).map((b) => Buffer.from(b)));
  fc.assert(
    fc.property(inputs, (bytes) => {
      writeFileSync(path, bytes);
      let db;
      try {
        db = openSnapshotDb(path);
      } catch (error) {
        assertDocumented(error);
        return;
      }
      try {
        readShowReport(db);
      } catch (error) {
        assertDocumented(error);
      } finally {
        db.close();
      }
      assert.deepEqual(readdirSync(dir).filter((n) => n.startsWith('mutated.db-')), [], 'no side files');
    }),
    fuzzParameters(300),
  );
});
