/**
 * snapshots/docker-29-containerd beyond its show.json: each container's layer chain and the
 * image's layers, as the fixture's own files give them. The values below were written down from
 * the tree: the image id is the name of the index blob meta.db's image targets, the diff ids are
 * the config blob's rootfs.diff_ids (the names of the two layer tar blobs), the second chain id is
 * the snapshot key meta.db holds for the top layer, and the snapshot ids are those the
 * snapshotter's metadata.db gives the backend names moby/<n>/<key> (its snapshots/<n>/fs dirs);
 * the containerd container's fields are those of meta.db's moby/containers/<id> record and its spec.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SNAPSHOTS, captureFixture, type OfflineCapture } from '../helpers/offline-capture.js';
import { tempDir } from '../helpers/tmp.js';

const WEB = 'e29323439ac0a068fbbcaf05baa379d48ef48224d82d3c9c34bf241e8b5a243f';
const JOB = 'f1a255aa398cebe727c83584d85e4b96b23820c1450e7d98d0250e414574b336';
const INDEX = 'sha256:e0b0be8f851901e2e4f5570748284fccb98178f5cbfa680bcc61d05921ad40c2';
const CONFIG = 'sha256:ef12376da79fffe7252250b0f031f3f6591eb38f6e257d4a180fba104e92ccbf';
const BASE_DIFF = 'sha256:fc0b8ab36a6e7775464acc1b3039da787f34454b7f358537b986c615d8c06483';
const TOP_DIFF = 'sha256:60e63a0f8798c33c39f0ab511a143a85ca111848276ea14e20547a2ac3ad9be4';
const TOP_CHAIN = 'sha256:696240090cef2b017a315dadb54e12d6a69b9a8c46bb5c9b1a08c39beecc09a4';

let capture: OfflineCapture;
let db: Database.Database;
const rows = (sql: string) => db.prepare(sql).all();

before(async () => {
  capture = await captureFixture(join(SNAPSHOTS, 'docker-29-containerd'), tempDir());
  db = new Database(capture.snapshot, { readonly: true });
});
after(() => db?.close());

test('docker-29-containerd: each container runs on its rw and init snapshots over the image layers of the moby namespace', () => {
  const snapshots = `${capture.tree}/containerd-root/io.containerd.snapshotter.v1.overlayfs/snapshots`;
  const chain = (rw: number, init: number) => [
    { position: 0, role: 'rw', layer_id: String(rw), chain_id: null, diff_path: `${snapshots}/${rw}/fs` },
    { position: 1, role: 'init', layer_id: String(init), chain_id: null, diff_path: `${snapshots}/${init}/fs` },
    { position: 2, role: 'image', layer_id: '2', chain_id: TOP_CHAIN, diff_path: `${snapshots}/2/fs` },
    { position: 3, role: 'image', layer_id: '1', chain_id: BASE_DIFF, diff_path: `${snapshots}/1/fs` },
  ];
  const layersOf = (id: string) => db.prepare('SELECT position, role, layer_id, chain_id, diff_path FROM container_layers WHERE container_id = ? ORDER BY position').all(id);
  assert.deepEqual(layersOf(WEB), chain(4, 3));
  assert.deepEqual(layersOf(JOB), chain(6, 5));
  assert.deepEqual(rows("SELECT id, image_id, storage_driver, mount_id FROM containers WHERE engine_id LIKE 'docker:%' ORDER BY id"), [
    { id: WEB, image_id: INDEX, storage_driver: 'overlayfs', mount_id: '4' },
    { id: JOB, image_id: INDEX, storage_driver: 'overlayfs', mount_id: '6' },
  ]);
});

test("docker-29-containerd: the image, in containerd's moby namespace, is Docker's (by its index digest), recorded once with its layers", () => {
  assert.deepEqual(rows('SELECT id, created_at, os, architecture, source FROM images'), [
    { id: INDEX, created_at: '2026-11-27T08:00:00Z', os: 'linux', architecture: 'amd64', source: 'docker-root' },
  ]);
  assert.deepEqual(rows('SELECT image_id, tag FROM image_tags'), [{ image_id: INDEX, tag: 'docker.io/docksnap-test/busybox:latest' }]);
  assert.deepEqual(db.prepare('SELECT position, layer_id, diff_id, chain_id FROM image_layers WHERE image_id = ? ORDER BY position').all(INDEX), [
    { position: 0, layer_id: '2', diff_id: TOP_DIFF, chain_id: TOP_CHAIN },
    { position: 1, layer_id: '1', diff_id: BASE_DIFF, chain_id: BASE_DIFF },
  ]);
  assert.deepEqual(rows(`SELECT * FROM image_layers WHERE image_id = '${CONFIG}'`), [], 'not again by its config digest, as containerd names it');
});

test("docker-29-containerd: the running container, also containerd's moby/<id>, is listed once, as Docker's, with meta.db's record of it as its containerd-spec.json", () => {
  assert.deepEqual(rows("SELECT id, engine_id FROM containers ORDER BY id"), [
    { id: WEB, engine_id: `docker:${capture.tree}/docker-root` },
    { id: JOB, engine_id: `docker:${capture.tree}/docker-root` },
  ]);
  assert.deepEqual(rows("SELECT id, container_count FROM engines ORDER BY id"), [
    { id: `containerd:${capture.tree}/containerd-root`, container_count: 0 },
    { id: `docker:${capture.tree}/docker-root`, container_count: 2 },
  ]);
  const spec = db.prepare("SELECT container_id, path, parsed FROM files WHERE role = 'containerd-spec.json'").all() as { container_id: string; path: string; parsed: string }[];
  assert.deepEqual(spec.map((f) => [f.container_id, f.path]), [[WEB, `${capture.tree}/containerd-root/io.containerd.metadata.v1.bolt/meta.db#v1/moby/containers/${WEB}/spec`]]);
  const parsed = JSON.parse(spec[0]!.parsed) as { hostname: string; process: { args: string[] } };
  assert.deepEqual([parsed.hostname, parsed.process.args], ['e29323439ac0', ['httpd', '-f', '-p', '127.0.0.1:18080', '-h', '/www']]);
  assert.deepEqual(rows(`SELECT * FROM container_layers WHERE container_id = 'moby/${WEB}'`), []);
});

test('docker-29-containerd: no layer or image is reported missing, and the capture reports no error', () => {
  assert.deepEqual(rows('SELECT phase, subject, code FROM capture_error'), []);
});

test("docker-29-containerd: each container's drift is its overlayfs snapshot's entries, hashed from the fixture's files", () => {
  const snapshots = `${SNAPSHOTS}docker-29-containerd/containerd-root/io.containerd.snapshotter.v1.overlayfs/snapshots`;
  const file = (snapshot: number, path: string) => {
    const bytes = readFileSync(join(snapshots, String(snapshot), 'fs', path));
    return { path, kind: 'added', type: 'file', size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  };
  const dir = { path: '/tmp', kind: 'added', type: 'dir', size: null, sha256: null };
  for (const [id, rw, name] of [[WEB, 4, '/tmp/up'], [JOB, 6, '/tmp/out']] as const) {
    const drift = db.prepare("SELECT path, kind, type, CASE type WHEN 'file' THEN size END AS size, sha256 FROM container_drift WHERE container_id = ? ORDER BY path").all(id);
    assert.deepEqual(drift, [dir, file(rw, name)], id);
  }
});
