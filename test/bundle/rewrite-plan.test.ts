/**
 * Export redacts most tables by one UPDATE each inside SQLite, calling the same functions per
 * value: the copy it writes holds, row for row, what each table's row-by-row rewrite gives.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { planRewrites } from '../../src/bundle/redact-rows.js';
import { createRedactor } from '../../src/bundle/redactor.js';
import { openSnapshotDb } from '../../src/store/open.js';
import { writeRewrittenCopy } from '../../src/store/rewrite-copy.js';
import { writeSnapshotFile } from '../../src/store/write.js';
import { makeSecrets, secretSnapshot } from '../helpers/secret-snapshot.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir('docksnap-rewrite-plan-');
const source = join(dir, 'source.db');
const key = Buffer.alloc(64, 7);
await writeSnapshotFile(source, secretSnapshot(makeSecrets()), { force: false });

type Row = Record<string, unknown>;

for (const logs of [true, false]) {
  test(`the copy equals every row rewritten one by one (log tails ${logs ? 'kept' : 'omitted'})`, () => {
    const target = join(dir, `copy-${logs}.db`);
    const db = openSnapshotDb(source);
    const copyRedactor = createRedactor(key);
    try {
      writeRewrittenCopy(db, target, join(dir, `scratch-${logs}.db`), planRewrites({ redact: copyRedactor, logs }));
    } finally {
      db.close();
    }
    const rowRedactor = createRedactor(key);
    const rewrites = planRewrites({ redact: rowRedactor, logs });
    assert.ok(rewrites.some((r) => r.columns), 'some tables are rewritten column by column');
    const before = new Database(source, { readonly: true });
    const after = new Database(target, { readonly: true });
    try {
      let changed = 0;
      for (const { table, rewrite } of rewrites) {
        const expected = (before.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all() as Row[]).map((row) => {
          const changes = rewrite(row);
          if (changes) changed++;
          return { ...row, ...changes };
        });
        assert.deepEqual(after.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all(), expected, table);
      }
      assert.ok(changed >= 10, `the fixture's secrets change rows (${changed})`);
      assert.equal(copyRedactor.count(), rowRedactor.count(), 'the same values are replaced');
    } finally {
      before.close();
      after.close();
    }
  });
}

test('with --no-logs a tail is emptied, its offset is the log size, and its path is still redacted', () => {
  const rewrite = planRewrites({ redact: createRedactor(key), logs: false }).find((r) => r.table === 'container_logs');
  const changes = rewrite?.rewrite({ container_id: 'c', path: '/logs/https://app:hunter2secret@db.example/x.log', size: 4096, mtime: null, tail_offset: 10, tail: Buffer.from('line\n') });
  assert.ok(changes);
  assert.deepEqual(changes['tail'], Buffer.alloc(0));
  assert.equal(changes['tail_offset'], 4096);
  assert.match(String(changes['path']), /^\/logs\/https:\/\/app:REDACTED:[0-9a-f]{12}@db\.example\/x\.log$/);
});
