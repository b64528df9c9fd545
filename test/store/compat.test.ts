import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSchema, loadSchemaVersion } from '../../src/store/ddl.js';
import { openSnapshotDb } from '../../src/store/open.js';
import { schemaColumns } from '../../src/store/schema-shape.js';
import { InputError } from '../../src/errors.js';
import { runInProcess } from '../helpers/cli.js';
import { captureFixture, normalizeShow, SNAPSHOTS } from '../helpers/offline-capture.js';
import { tempDir } from '../helpers/tmp.js';

/**
 * test/fixtures/v1/*.db were written by docksnap 0.1.0 (schema 1) before schema 2 existed:
 * `capture --offline` of snapshots/lxc-2013 (with its proc/) and snapshots/overlay2-20.10, each
 * copied to /tmp/lying-v1/<tree> first (the path the files record).
 */
const FIXTURES = new URL('../fixtures/v1/', import.meta.url).pathname;
const V1_TREES = ['lxc-2013', 'overlay2-20.10'] as const;
const CAPTURED_FROM = '/tmp/lying-v1';
const dir = tempDir('docksnap-compat-');
const env = { XDG_CONFIG_HOME: join(dir, 'config') };

function v1File(tree: string): string {
  return join(FIXTURES, `${tree}.db`);
}

test('the frozen version-1 DDL is what the version-1 files hold, and the current DDL is a later version', () => {
  const v1 = loadSchemaVersion(1);
  assert.ok(v1);
  assert.ok(loadSchema().version >= 2);
  for (const tree of V1_TREES) {
    const db = new Database(v1File(tree), { readonly: true });
    const stored = db.prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid").pluck().all();
    assert.equal(db.pragma('user_version', { simple: true }), 1);
    db.close();
    assert.deepEqual(stored, v1.statements, tree);
  }
});

test('every column the current schema adds to a table of an older version is nullable or has a default', () => {
  const reference = new Database(':memory:');
  reference.exec(loadSchema().sql);
  for (const [table, columns] of [1, 2, 3, 4].flatMap((version) => [...schemaColumns(loadSchemaVersion(version)!)])) {
    const current = reference.pragma(`table_info("${table}")`) as { name: string; notnull: number; dflt_value: unknown; pk: number }[];
    for (const column of current.filter((c) => !columns.includes(c.name))) {
      assert.ok(!column.notnull || column.dflt_value !== null, `${table}.${column.name} is NOT NULL without a DEFAULT: older files cannot be read`);
    }
  }
  reference.close();
});

/**
 * test/fixtures/v2/*.db were written by docksnap 0.1.0 at schema 2, before schema 3 added tables
 * (engine id maps, cgroup limits, containerd leases) and columns: `capture --offline` of the same
 * two trees, copied to /tmp/lying-v2/<tree> first.
 */
/**
 * test/fixtures/v3/*.db were written by docksnap 0.1.0 at schema 3, before schema 4 made every
 * table STRICT (same tables and columns): `capture --offline` of the same two trees, copied to
 * /tmp/lying-v3/<tree> first.
 */
/**
 * test/fixtures/v4/*.db were written by docksnap 0.1.0 at schema 4, before schema 5 added the
 * process_list_digests table: `capture --offline` of the same two trees, copied to
 * /tmp/lying-v4/<tree> first (lxc-2013's saved /proc gives it two processes).
 */
const OLDER_FILES = [
  ...V1_TREES.map((tree) => ({ version: 1, tree, path: v1File(tree) })),
  ...V1_TREES.map((tree) => ({ version: 2, tree, path: join(FIXTURES, '..', 'v2', `${tree}.db`) })),
  ...V1_TREES.map((tree) => ({ version: 3, tree, path: join(FIXTURES, '..', 'v3', `${tree}.db`) })),
  ...V1_TREES.map((tree) => ({ version: 4, tree, path: join(FIXTURES, '..', 'v4', `${tree}.db`) })),
];

test('the frozen version-2, version-3 and version-4 DDL is what the files of those versions hold', () => {
  assert.ok(loadSchema().version >= 5);
  for (const { path, tree, version } of OLDER_FILES.filter((f) => f.version >= 2)) {
    const ddl = loadSchemaVersion(version);
    assert.ok(ddl);
    const db = new Database(path, { readonly: true });
    const stored = db.prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid").pluck().all();
    assert.equal(db.pragma('user_version', { simple: true }), version);
    db.close();
    assert.deepEqual(stored, ddl.statements, `${tree} v${version}`);
  }
});

test('schema 4 has the tables and columns of schema 3, schema 5 adds only process_list_digests, and every table is STRICT', () => {
  assert.deepEqual(schemaColumns(loadSchemaVersion(4)!), schemaColumns(loadSchemaVersion(3)!));
  const current = new Map(schemaColumns(loadSchema()));
  assert.deepEqual(current.get('process_list_digests'), ['pid', 'list', 'sha256']);
  current.delete('process_list_digests');
  assert.deepEqual(current, schemaColumns(loadSchemaVersion(4)!));
  const db = new Database(':memory:');
  db.exec(loadSchema().sql);
  const tables = (db.pragma('table_list') as { name: string; type: string; strict: number }[]).filter((t) => t.type === 'table' && !t.name.startsWith('sqlite_'));
  db.close();
  assert.ok(tables.length >= 30);
  assert.deepEqual(tables.filter((t) => t.strict !== 1).map((t) => t.name), []);
});

test('a file of any older version opens through the current schema with every row of every table unchanged', () => {
  for (const { version, tree, path } of OLDER_FILES) {
    const before = readFileSync(path);
    const raw = new Database(path, { readonly: true });
    const db = openSnapshotDb(path);
    assert.equal(db.schemaVersion, version);
    // Schemas 3 and 4 differ from the current one by types or whole tables only: read in place,
    // the tables added since reading as empty. Older ones are read through an in-memory copy.
    const mainFile = db.query("SELECT file FROM pragma_database_list WHERE name = 'main'").rows[0]?.[0];
    assert.equal(mainFile, version >= 3 ? path : '', `${tree} v${version}`);
    assert.equal(db.get<{ n: number }>('SELECT count(*) AS n FROM process_list_digests')?.n, 0);
    let tablesWithRows = 0;
    for (const [table, columns] of schemaColumns(loadSchemaVersion(version)!)) {
      const list = columns.map((c) => `"${c}"`).join(', ');
      const order = columns.map((_, i) => i + 1).join(', ');
      const expected = raw.prepare(`SELECT ${list} FROM "${table}" ORDER BY ${order}`).all() as Record<string, unknown>[];
      const actual = db.all<Record<string, unknown>>(`SELECT ${list} FROM "${table}" ORDER BY ${order}`);
      assert.deepEqual(actual, expected, `${tree}: ${table}`);
      if (expected.length > 0) tablesWithRows++;
    }
    assert.ok(tablesWithRows >= 8, `${tree}: the fixture should fill most tables, filled ${tablesWithRows}`);
    raw.close();
    db.close();
    assert.ok(readFileSync(path).equals(before), `the version-${version} file is only read`);
  }
});

type ShowJson = { snapshot: Record<string, unknown>; engines: unknown[]; containers: Record<string, unknown>[]; daemon_processes: Record<string, unknown>[] };

test('show --json of a version-1 file equals the expected show.json of the tree it captured', async () => {
  for (const tree of V1_TREES) {
    const result = await runInProcess(['show', v1File(tree), '--json']);
    assert.equal(result.code, 0, result.stderr);
    const expected = JSON.parse(readFileSync(join(SNAPSHOTS, tree, 'show.json'), 'utf8')) as ShowJson;
    // show.json is what a current capture shows; a version-1 file keeps saying it was version 1,
    // and holds no engines: its containers are shown as the one Docker engine's, its processes as nobody's in particular.
    expected.snapshot['schema_version'] = 1;
    // Version-1 files predate filesystem drift: their options do not record its limits.
    delete (expected.snapshot['options'] as Record<string, unknown>)['drift'];
    expected.snapshot['options'] = Object.fromEntries(Object.entries(expected.snapshot['options'] as object).filter(([key]) => key !== 'engine'));
    expected.engines = [];
    for (const c of expected.containers) c['engine'] = 'docker';
    for (const p of expected.daemon_processes) p['engine_id'] = null;
    const actual = normalizeShow(JSON.parse(result.stdout), join(CAPTURED_FROM, tree)) as { capture_errors: unknown[] };
    // The version-1 file was written by an older reader that met the same missing files in another order.
    const inAnyOrder = (errors: unknown[]) => errors.map((e) => JSON.stringify(e)).sort();
    assert.deepEqual(inAnyOrder(actual.capture_errors), inAnyOrder((expected as unknown as typeof actual).capture_errors));
    assert.deepEqual({ ...actual, capture_errors: [] }, { ...expected, capture_errors: [] });
  }
});

test('diff of a version-1 file against a current capture of the same tree differs only in where the tree was', async () => {
  const capture = await captureFixture(join(SNAPSHOTS, 'lxc-2013'), join(dir, 'lxc'));
  const result = await runInProcess(['diff', v1File('lxc-2013'), capture.snapshot, '--format', 'json', '--show-runtime']);
  assert.equal(result.stderr, '');
  const changes = JSON.parse(result.stdout) as { kind: string; old: unknown; new: unknown; path: string }[];
  const relocated = (value: unknown, tree: string) => JSON.stringify(value).split(tree).join('<tree>');
  for (const change of changes) {
    if (change.path === '/log/mtime') continue; // the test's copy of the tree has new file times
    assert.equal(change.kind, 'changed', change.path);
    assert.equal(relocated(change.old, join(CAPTURED_FROM, 'lxc-2013')), relocated(change.new, capture.tree), change.path);
  }
  const across = await runInProcess(['diff', v1File('lxc-2013'), v1File('overlay2-20.10'), '--same-host']);
  assert.equal(across.code, 1, across.stderr);
  assert.match(across.stdout, /^\+ container worker$/m);
});

test('a version-1, version-3 or version-4 file exports to a current-schema bundle that verifies, imports and shows the same containers', async () => {
  for (const { version, path } of OLDER_FILES.filter((f) => f.tree === 'overlay2-20.10' && f.version !== 2)) {
    const bundle = join(dir, `v${version}.tar.gz`);
    const exported = await runInProcess(['export', path, '-o', bundle], env);
    assert.equal(exported.code, 0, exported.stderr);
    const verify = await runInProcess(['verify', bundle]);
    assert.equal(verify.code, 0, verify.stderr);
    const imported = join(dir, `v${version}-imported.db`);
    assert.equal((await runInProcess(['import', bundle, '-o', imported])).code, 0);
    const stored = new Database(imported, { readonly: true });
    assert.equal(stored.pragma('user_version', { simple: true }), loadSchema().version);
    stored.close();
    const db = openSnapshotDb(imported);
    assert.equal(db.schemaVersion, loadSchema().version);
    assert.equal(db.get<{ v: number }>('SELECT schema_version AS v FROM snapshot')?.v, loadSchema().version);
    const names = db.all<{ name: string }>('SELECT name FROM containers ORDER BY name').map((r) => r.name);
    db.close();
    const raw = new Database(path, { readonly: true });
    assert.deepEqual(names, raw.prepare('SELECT name FROM containers ORDER BY name').pluck().all(), `version ${version}`);
    raw.close();
  }
});

test('a version-1 file whose table lacks a column of the version-1 DDL is refused with exit 2', async () => {
  const path = join(dir, 'v1-wrong-columns.db');
  copyFileSync(v1File('lxc-2013'), path);
  const db = new Database(path);
  db.exec('ALTER TABLE containers DROP COLUMN hostname');
  db.close();
  assert.throws(() => openSnapshotDb(path), (error: unknown) => error instanceof InputError && /claims schema 1 but table containers lacks the columns hostname/.test(error.why));
  const show = await runInProcess(['show', path]);
  assert.equal(show.code, 2);
  assert.match(show.stderr, /^docksnap: \S+ — claims schema 1 but table containers lacks the columns hostname\n$/);
});
