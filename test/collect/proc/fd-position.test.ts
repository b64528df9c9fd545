/**
 * fdinfo's pos is a signed 64-bit offset. A directory read to its end on a hashed file system
 * (ext4, overlayfs) reports a cookie near 2^63, beyond what a double holds exactly: it is stored
 * as an exact INTEGER, and the snapshot it lands in opens clean.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFdinfo } from '../../../src/collect/proc/fds.js';
import { openSnapshot } from '../../../src/open.js';
import { captureFixture, SNAPSHOTS } from '../../helpers/offline-capture.js';

const END_OF_DIRECTORY = '9223372036854775807';

test('a position beyond 2^53 is parsed exactly, and nonsense is null', () => {
  assert.equal(parseFdinfo(`pos:\t${END_OF_DIRECTORY}\n`).pos, BigInt(END_OF_DIRECTORY));
  assert.equal(parseFdinfo('pos:\t-1\n').pos, -1);
  assert.equal(parseFdinfo('pos:\t9223372036854775808\n').pos, null, 'beyond int64');
  assert.equal(parseFdinfo('pos:\t12abc\n').pos, null);
});

test('a captured directory fd at pos 2^63-1 is stored as an INTEGER and the snapshot opens', async () => {
  const { snapshot } = await captureFixture(join(SNAPSHOTS, 'lxc-2013'), undefined, (tree) => {
    const fdinfo = join(tree, 'proc', '2308', 'fdinfo');
    mkdirSync(fdinfo, { recursive: true });
    writeFileSync(join(fdinfo, '8'), `pos:\t${END_OF_DIRECTORY}\nflags:\t02304000\nmnt_id:\t29\n`);
  });
  const db = await openSnapshot(snapshot);
  try {
    const row = db.get<{ kind: string; text: string }>("SELECT typeof(pos) AS kind, CAST(pos AS TEXT) AS text FROM process_fds WHERE pid = 2308 AND fd = 8");
    assert.deepEqual(row, { kind: 'integer', text: END_OF_DIRECTORY });
  } finally {
    db.close();
  }
});
