import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readVolumes } from '../../../src/collect/docker-root/volumes.js';
import { createRootReader } from '../../../src/collect/docker-root/root-reader.js';
import { tempDir } from '../../helpers/tmp.js';
import { write } from '../../helpers/v2-root.js';

test('named volumes (volumes/<name>/_data) and 1.0–1.6 volumes (config.json Path); other entries ignored', () => {
  const root = tempDir();
  mkdirSync(join(root, 'volumes/pgdata/_data/base'), { recursive: true });
  write(root, 'volumes/metadata.db', 'bbolt');
  write(root, `volumes/${'e'.repeat(64)}/config.json`, JSON.stringify({ ID: 'e'.repeat(64), Path: '/var/lib/docker/vfs/dir/eee', IsBindMount: false, Writable: true }));
  mkdirSync(join(root, 'volumes/empty'));
  const volumes = readVolumes(createRootReader(root), '/var/lib/docker');
  assert.deepEqual(
    volumes.sort((a, b) => a.name.localeCompare(b.name)),
    [
      { name: 'e'.repeat(64), driver: 'local', mountpoint: '/var/lib/docker/vfs/dir/eee', created_at: null, labels: null },
      { name: 'pgdata', driver: 'local', mountpoint: '/var/lib/docker/volumes/pgdata/_data', created_at: null, labels: null },
    ],
  );
});

test('without a recorded root the mountpoint is where the data lies under the given root', () => {
  const root = tempDir();
  mkdirSync(join(root, 'volumes/v/_data'), { recursive: true });
  assert.equal(readVolumes(createRootReader(root), undefined)[0]?.mountpoint, join(root, 'volumes/v/_data'));
});

test('driver and labels come from volumes/metadata.db; a volume only the database knows is listed too', () => {
  const root = tempDir();
  mkdirSync(join(root, 'volumes/webdata/_data'), { recursive: true });
  mkdirSync(join(root, 'volumes/plain/_data'), { recursive: true });
  copyFileSync(new URL('../../../snapshots/overlay2-20.10/docker-root/volumes/metadata.db', import.meta.url), join(root, 'volumes/metadata.db'));
  const volumes = readVolumes(createRootReader(root), '/var/lib/docker');
  assert.deepEqual(volumes.map((v) => [v.name, v.driver, v.labels]), [['plain', 'local', null], ['webdata', 'local', '{"app":"web"}']]);
});

test('a damaged metadata.db is one bad-bolt error; the volume directories are still listed', () => {
  const root = tempDir();
  mkdirSync(join(root, 'volumes/v/_data'), { recursive: true });
  writeFileSync(join(root, 'volumes/metadata.db'), Buffer.alloc(4096, 7));
  const reader = createRootReader(root);
  assert.deepEqual(readVolumes(reader, undefined).map((v) => v.name), ['v']);
  assert.deepEqual(reader.errors.map((e) => [e.subject, e.code]), [['volumes', 'bad-bolt']]);
});
