/**
 * readFileRecords with parsedOnDemand (the diff's reading): the same records as read whole, each
 * hashed file's parsed content read from the snapshot when first asked for, and texts that tell
 * a hashed file apart by its hash, not by its parsed text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { fileRecordTexts, readFileRecords } from '../../src/read/file-records.js';
import { openSnapshotDb } from '../../src/store/open.js';
import { captureFixture, SNAPSHOTS } from '../helpers/offline-capture.js';
import { tempDir } from '../helpers/tmp.js';

test('records read with parsedOnDemand equal those read whole; only files without a hash keep their parsed text among their texts', async () => {
  const { snapshot } = await captureFixture(join(SNAPSHOTS, 'overlay2-20.10'), join(tempDir('docksnap-file-records-'), 'fixture'));
  const raw = new Database(snapshot, { readonly: true });
  const rows = raw.prepare('SELECT container_id, role, sha256, content, parsed FROM files ORDER BY container_id, role').all() as { container_id: string | null; role: string; sha256: string | null; content: Buffer | null; parsed: string | null }[];
  raw.close();
  assert.ok(rows.some((r) => r.sha256 !== null && r.parsed !== null), 'the fixture has hashed, parsed files');
  for (const row of rows) if (row.sha256 !== null && row.content !== null) assert.equal(row.sha256, createHash('sha256').update(row.content).digest('hex'), `${row.role}: the hash is the content's`);

  const db = openSnapshotDb(snapshot);
  try {
    const whole = readFileRecords(db);
    const onDemand = readFileRecords(db, [], { parsedOnDemand: true });
    assert.deepEqual(onDemand.map((r) => ({ ...r })), whole.map((r) => ({ ...r })));
    assert.deepEqual(
      onDemand.map((r) => fileRecordTexts(r)[1]),
      rows.map((r) => (r.sha256 === null ? r.parsed : null)),
    );
    assert.deepEqual(whole.map((r) => fileRecordTexts(r)[1]), rows.map((r) => r.parsed));
  } finally {
    db.close();
  }
});
