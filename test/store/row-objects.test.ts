import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { rowStatement } from '../../src/store/row-objects.js';
import { writeSnapshotFile } from '../../src/store/write.js';
import { captureFixture, SNAPSHOTS } from '../helpers/offline-capture.js';
import { makeSecrets, secretSnapshot } from '../helpers/secret-snapshot.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir('docksnap-row-objects-');

/** An offline capture of a fixture (files, layers, images) and a written snapshot with processes and their lists. */
async function snapshots(): Promise<string[]> {
  const { snapshot } = await captureFixture(join(SNAPSHOTS, 'docker-29-containerd'), join(dir, 'fixture'));
  const written = join(dir, 'processes.db');
  await writeSnapshotFile(written, secretSnapshot(makeSecrets()), { force: false });
  return [snapshot, written];
}

/** Compares every table's rows as rowStatement builds them with better-sqlite3's own; returns the tables that had rows and the rows holding a BLOB. */
function compareTables(db: Database.Database): { tables: string[]; blobRows: number } {
  const names = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
  const tables: string[] = [];
  let blobRows = 0;
  for (const table of names) {
    const sql = `SELECT * FROM ${table}`;
    const expected = db.prepare(sql).all() as Record<string, unknown>[];
    const built = rowStatement(db.prepare(sql)).all([]) as Record<string, unknown>[];
    assert.deepEqual(built, expected, table);
    built.forEach((row, i) => assert.deepEqual(Object.keys(row), Object.keys(expected[i]!), `${table}: column order`));
    assert.deepEqual([...rowStatement(db.prepare(sql)).iterate([])], expected, `${table} (iterate)`);
    assert.deepEqual(rowStatement(db.prepare(`${sql} LIMIT 1`)).get([]), db.prepare(`${sql} LIMIT 1`).get(), `${table} (get)`);
    if (expected.length > 0) tables.push(table);
    blobRows += expected.filter((row) => Object.values(row).some((v) => Buffer.isBuffer(v))).length;
  }
  return { tables, blobRows };
}

test('rows built from raw arrays equal better-sqlite3 objects for every table of a captured snapshot, through all, get and iterate', async () => {
  const withRows = new Set<string>();
  let blobRows = 0;
  for (const snapshot of await snapshots()) {
    const db = new Database(snapshot, { readonly: true });
    try {
      const seen = compareTables(db);
      seen.tables.forEach((t) => withRows.add(t));
      blobRows += seen.blobRows;
      const byParam = 'SELECT * FROM files WHERE role = ?';
      const role = (db.prepare('SELECT role FROM files LIMIT 1').get() as { role: string } | undefined)?.role;
      if (role !== undefined) assert.deepEqual(rowStatement(db.prepare(byParam)).all([role]), db.prepare(byParam).all(role));
      assert.equal(rowStatement(db.prepare("SELECT * FROM files WHERE role = 'no such role'")).get([]), undefined);
    } finally {
      db.close();
    }
  }
  assert.ok(blobRows > 0, 'no BLOB value was compared');
  for (const table of ['processes', 'process_fds', 'process_environ', 'containers', 'files', 'container_layers', 'api_responses']) {
    assert.ok(withRows.has(table), `no row of ${table} was compared`);
  }
});

test('a column named __proto__ and a statement that returns no rows are read as better-sqlite3 reads them', () => {
  const db = new Database(':memory:');
  try {
    const sql = "SELECT 1 AS a, 2 AS __proto__, 'x' AS b";
    assert.deepEqual(rowStatement(db.prepare(sql)).all([]), db.prepare(sql).all());
    assert.deepEqual(rowStatement(db.prepare(sql)).all([]), [{ a: 1, b: 'x' }]);
    const write = rowStatement(db.prepare('CREATE TABLE t (a)'));
    assert.throws(() => write.all([]), /does not return data/);
  } finally {
    db.close();
  }
});
