/**
 * A Docker root in the layout of Docker's containerd image store (Docker 29's default): no image/
 * and no layerdb; config.v2.json's Driver is `overlayfs` and its Image the target digest of an image
 * in containerd's `moby` namespace, whose snapshots are keyed by the container id and <id>-init
 * (moby daemon/containerd/image_snapshot.go). Written from those layouts; expected values are the
 * fixture's own bytes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { capture } from '../../../src/capture.js';
import { buildBoltFile } from '../../helpers/bolt-tree.js';
import { sha, varint } from '../../helpers/containerd-bytes.js';
import { tempDir } from '../../helpers/tmp.js';

const ID = 'c0ffee'.padEnd(64, '0');
const diffId = sha('the one layer');
const config = JSON.stringify({ architecture: 'amd64', os: 'linux', created: '2025-11-11T11:11:11Z', rootfs: { type: 'layers', diff_ids: [diffId] } });
const manifest = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { digest: sha(config) }, layers: [] });
const index = JSON.stringify({ schemaVersion: 2, manifests: [
  { digest: sha('another platform'), platform: { os: 'linux', architecture: 's390x' } },
  { digest: sha(manifest), platform: { os: 'linux', architecture: 'amd64' } },
] });

function write(path: string, bytes: Buffer | string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, bytes);
}

function craft(dir: string, containerdUnder: 'docker' | 'apart'): { docker: string; containerd: string } {
  const docker = join(dir, 'docker');
  const containerd = containerdUnder === 'docker' ? join(docker, 'containerd', 'daemon') : join(dir, 'containerd');
  write(join(docker, 'containers', ID, 'config.v2.json'), JSON.stringify({
    ID, Name: '/web', Driver: 'overlayfs', Image: sha(index), Config: { Image: 'example.com/web:2', Cmd: ['httpd'] },
    State: { Running: false, StartedAt: '2025-11-11T12:00:00Z', FinishedAt: '2025-11-11T13:00:00Z', ExitCode: 0 }, Created: '2025-11-11T11:59:00Z',
  }));
  write(join(docker, 'containers', ID, 'hostconfig.json'), JSON.stringify({ NetworkMode: 'none' }));
  write(join(containerd, 'io.containerd.metadata.v1.bolt/meta.db'), buildBoltFile({
    v1: {
      version: varint(6),
      moby: {
        images: { 'example.com/web:2': { target: { digest: sha(index), mediatype: 'application/vnd.oci.image.index.v1+json' } } },
        snapshots: { overlayfs: {
          [diffId]: { name: `moby/1/${diffId}` },
          [`${ID}-init`]: { name: `moby/3/${ID}-init`, parent: diffId },
          [ID]: { name: `moby/4/${ID}`, parent: `${ID}-init` },
        } },
      },
    },
  }));
  write(join(containerd, 'io.containerd.snapshotter.v1.overlayfs/metadata.db'), buildBoltFile({
    v1: { snapshots: {
      [`moby/1/${diffId}`]: { id: varint(7), kind: Buffer.from([3]) },
      [`moby/3/${ID}-init`]: { id: varint(8), kind: Buffer.from([3]), parent: `moby/1/${diffId}` },
      [`moby/4/${ID}`]: { id: varint(9), kind: Buffer.from([2]), parent: `moby/3/${ID}-init` },
    } },
  }));
  for (const blob of [index, manifest, config]) write(join(containerd, 'io.containerd.content.v1.content/blobs/sha256', sha(blob).slice(7)), blob);
  return { docker, containerd };
}

async function captured(dir: string, options: { dockerRoot: string; containerdRoot?: string }) {
  const output = join(dir, 'out.db');
  await capture({ offline: true, force: false, ...options, logTailBytes: 4096, apiTimeoutMs: 1000, drift: null, output, engine: 'docker' });
  const db = new Database(output, { readonly: true });
  const all = <T>(sql: string) => db.prepare(sql).all() as T[];
  const result = {
    container: db.prepare('SELECT image_id, image_name, storage_driver, mount_id FROM containers').get(),
    layers: all('SELECT position, role, layer_id, chain_id, diff_path FROM container_layers ORDER BY position'),
    images: all('SELECT id, created_at, architecture FROM images'),
    tags: all('SELECT image_id, tag FROM image_tags'),
    imageLayers: all('SELECT position, layer_id, diff_id, chain_id FROM image_layers'),
    errors: all<{ code: string; message: string }>('SELECT code, message FROM capture_error'),
  };
  db.close();
  return result;
}

for (const where of ['docker', 'apart'] as const) {
  test(`Docker's containerd image store (containerd root ${where === 'docker' ? 'under the Docker root' : 'given with --containerd-root'}): image and layers from the moby namespace, nothing reported missing`, async () => {
    const dir = tempDir();
    const { docker, containerd } = craft(dir, where);
    const result = await captured(dir, { dockerRoot: docker, ...(where === 'apart' ? { containerdRoot: containerd } : {}) });
    const snapshots = join(containerd, 'io.containerd.snapshotter.v1.overlayfs/snapshots');
    assert.deepEqual(result.container, { image_id: sha(index), image_name: 'example.com/web:2', storage_driver: 'overlayfs', mount_id: '9' });
    assert.deepEqual(result.layers, [
      { position: 0, role: 'rw', layer_id: '9', chain_id: null, diff_path: `${snapshots}/9/fs` },
      { position: 1, role: 'init', layer_id: '8', chain_id: null, diff_path: `${snapshots}/8/fs` },
      { position: 2, role: 'image', layer_id: '7', chain_id: diffId, diff_path: `${snapshots}/7/fs` },
    ]);
    assert.deepEqual(result.images, [{ id: sha(index), created_at: '2025-11-11T11:11:11Z', architecture: 'amd64' }]);
    assert.deepEqual(result.tags, [{ image_id: sha(index), tag: 'example.com/web:2' }]);
    assert.deepEqual(result.imageLayers, [{ position: 0, layer_id: '7', diff_id: diffId, chain_id: diffId }]);
    assert.deepEqual(result.errors, []);
  });
}

test("Docker's containerd image store without its containerd root: one error saying where the images and layers are, none per container", async () => {
  const dir = tempDir();
  const { docker } = craft(dir, 'apart');
  const result = await captured(dir, { dockerRoot: docker });
  assert.deepEqual(result.layers, []);
  assert.deepEqual(result.errors.map((e) => e.code), ['containerd-store']);
  assert.match(result.errors[0]!.message, /containerd's moby namespace; give --containerd-root/);
});
