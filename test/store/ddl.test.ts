import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { loadSchema } from '../../src/store/ddl.js';
import { parseTableSpec } from '../../src/store/schema-spec.js';
import { writeSnapshotFile } from '../../src/store/write.js';
import { tempDir } from '../helpers/tmp.js';
import { minimalSnapshot } from '../helpers/snapshot-content.js';

test('a new snapshot file holds exactly the statements of schemas/snapshot.sql', async () => {
  const path = join(tempDir(), 'fresh.db');
  await writeSnapshotFile(path, minimalSnapshot(), { force: false });
  const db = new Database(path, { readonly: true });
  const stored = db.prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid").pluck().all();
  const version = db.pragma('user_version', { simple: true });
  db.close();
  assert.deepEqual(stored, loadSchema().statements);
  assert.equal(version, loadSchema().version);
});

test('every table and column of the schema is described', () => {
  const tables = loadSchema().statements.filter((s) => s.startsWith('CREATE TABLE')).map(parseTableSpec);
  assert.ok(tables.length >= 20, `expected the full schema, read ${tables.length} tables`);
  for (const table of tables) {
    assert.ok(table.description.length > 10, `table ${table.name} needs a description`);
    for (const column of table.columns) {
      assert.ok(column.description.length > 3, `column ${table.name}.${column.name} needs a description`);
    }
  }
});

test('the tables the foundation promises exist with their columns', () => {
  const tables = new Map(
    loadSchema()
      .statements.filter((s) => s.startsWith('CREATE TABLE'))
      .map(parseTableSpec)
      .map((t) => [t.name, t.columns.map((c) => c.name)]),
  );
  const snapshotColumns = tables.get('snapshot') ?? [];
  for (const column of ['tool_version', 'schema_version', 'host_name', 'boot_id', 'kernel_release', 'cgroup_version', 'started_at', 'finished_at', 'mode', 'proc_root', 'docker_root', 'exec_root', 'docker_host']) {
    assert.ok(snapshotColumns.includes(column), `snapshot.${column}`);
  }
  assert.deepEqual(tables.get('capture_error'), ['id', 'phase', 'subject', 'path', 'code', 'message']);
});
