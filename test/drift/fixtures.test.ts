/**
 * The held real roots of other eras give drift where their layers have any: each container's
 * read-write layer directory in the fixture is listed here by hand (the fixture's own files),
 * and each sha256 is computed from the fixture file's bytes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSnapshot } from '../../src/open.js';
import { SNAPSHOTS, captureFixture } from '../helpers/offline-capture.js';
import { runInProcess } from '../helpers/cli.js';

interface Expected {
  readonly container: string;
  readonly layerDir: string;
  readonly file: string;
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

async function driftRows(era: string): Promise<{ container_id: string; path: string; kind: string; type: string; sha256: string | null }[]> {
  const { snapshot, assertUnchanged } = await captureFixture(join(SNAPSHOTS, era));
  const db = await openSnapshot(snapshot);
  try {
    assertUnchanged();
    assert.deepEqual(db.all("SELECT * FROM capture_error WHERE phase = 'drift'"), []);
    return db.all('SELECT container_id, path, kind, type, sha256 FROM container_drift ORDER BY container_id, path');
  } finally {
    db.close();
  }
}

/** The fixtures' layers hold no /tmp, /root or parent directory below the change: each file comes with its directory, both added. */
function expectedRows(root: string, expected: readonly Expected[]) {
  return expected.flatMap(({ container, layerDir, file }) => [
    { container_id: container, path: file.slice(0, file.lastIndexOf('/')), kind: 'added', type: 'dir', sha256: null },
    { container_id: container, path: file, kind: 'added', type: 'file', sha256: sha256(join(root, layerDir, file)) },
  ]);
}

test('overlay2-20.10: each container\'s diff/ gives its drift', async () => {
  const root = join(SNAPSHOTS, 'overlay2-20.10', 'docker-root', 'overlay2');
  assert.deepEqual(
    await driftRows('overlay2-20.10'),
    expectedRows(root, [
      { container: '08b02d722059fec5b2c595c423c2279e50682a519c1c84639c9f605c55481af2', layerDir: 'f4f1aa42c0c5280e70efcfc3c594efe23d1af9d5750a918d1c0fe6c1ee00ba5d/diff', file: '/tmp/ready' },
      { container: '22b899265f9c097c74e6a272d759f1ab5ede5a6414640658eb8d3325e77259c6', layerDir: 'da8f31fac68d57d252697b589a3cbf7873e7fdb159d414ebaaafa729907cb7e5/diff', file: '/tmp/out' },
      { container: '8461c5c4c7827cd7456db87455810dea167eda53705a67ef85a14f23a8592b72', layerDir: '9f924f105b3faa6ab92172d04bbd1203703b14ef4846170c1521270ea634a1a1/diff', file: '/tmp/note.txt' },
      { container: '85b36c4d0f0fc6aa8b7fbaea17f270fa550bc08991b33a478594456ba08c2939', layerDir: '3c68474cf9984fe03fe2f3279ba3eee10baa9f6fa7e69c2c465a56f318d89112/diff', file: '/tmp/up' },
    ]),
  );
});

test('docker-1.x (aufs): each container\'s aufs/diff/<id> gives its drift', async () => {
  const root = join(SNAPSHOTS, 'docker-1.x', 'docker-root', 'aufs', 'diff');
  assert.deepEqual(
    await driftRows('docker-1.x'),
    expectedRows(root, [
      { container: '1f4e0c8a7d2b9e6f3a5c8d1e4b7a0f3c6e9d2b5a8f1c4e7d0a3b6c9f2e5d8a1b', layerDir: '1f4e0c8a7d2b9e6f3a5c8d1e4b7a0f3c6e9d2b5a8f1c4e7d0a3b6c9f2e5d8a1b', file: '/tmp/httpd.pid' },
      { container: '7c3d9e2f5a8b1c4d7e0f3a6b9c2d5e8f1a4b7c0d3e6f9a2b5c8d1e4f7a0b3c6d', layerDir: '7c3d9e2f5a8b1c4d7e0f3a6b9c2d5e8f1a4b7c0d3e6f9a2b5c8d1e4f7a0b3c6d', file: '/root/.ash_history' },
    ]),
  );
});

test('lxc-2013 (aufs, 0.6): the rw layer holds only aufs bookkeeping (.wh..wh.aufs): no drift, no error', async () => {
  assert.deepEqual(await driftRows('lxc-2013'), []);
});

test('show --drift --path: contents are not kept, the sha256 is given; a path with no drift is exit 2', async () => {
  const { snapshot } = await captureFixture(join(SNAPSHOTS, 'docker-1.x'));
  const file = join(SNAPSHOTS, 'docker-1.x', 'docker-root', 'aufs', 'diff', '1f4e0c8a7d2b9e6f3a5c8d1e4b7a0f3c6e9d2b5a8f1c4e7d0a3b6c9f2e5d8a1b', 'tmp', 'httpd.pid');
  const shown = await runInProcess(['show', snapshot, '--container', '1f4e0c8a7d2b', '--drift', '--path', '/tmp/httpd.pid']);
  assert.equal(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, new RegExp(`contents are not kept in a snapshot .*: sha256 ${sha256(file)}, ${readFileSync(file).length} bytes\\n$`));
  const missing = await runInProcess(['show', snapshot, '--container', '1f4e0c8a7d2b', '--drift', '--path', '/etc/passwd']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no drift of container 1f4e0c8a7d2b is recorded at this path/);
});

test('cat --drift: a drifted file cannot be printed, its contents are not kept; exit 2 naming its sha256', async () => {
  const { snapshot } = await captureFixture(join(SNAPSHOTS, 'docker-1.x'));
  const file = join(SNAPSHOTS, 'docker-1.x', 'docker-root', 'aufs', 'diff', '1f4e0c8a7d2b9e6f3a5c8d1e4b7a0f3c6e9d2b5a8f1c4e7d0a3b6c9f2e5d8a1b', 'tmp', 'httpd.pid');
  const refused = await runInProcess(['cat', snapshot, '1f4e0c8a7d2b', '--drift', '/tmp/httpd.pid']);
  assert.equal(refused.code, 2);
  assert.equal(refused.stdout, '');
  assert.match(refused.stderr, new RegExp(`^docksnap: /tmp/httpd.pid — the contents of drifted files are not kept in a snapshot \\(added, ${readFileSync(file).length} bytes\\); its sha256 is ${sha256(file)}\\n$`));
  const missing = await runInProcess(['cat', snapshot, '1f4e0c8a7d2b', '--drift', '/etc/passwd']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no drift of container 1f4e0c8a7d2b is recorded at this path/);
});
