import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readDockerRoot, type DockerRootCapture } from '../../../src/collect/docker-root/index.js';
import { treeChecksums } from '../../helpers/copy-fixture.js';
import { untar } from '../../helpers/untar.js';
import { tempDir } from '../../helpers/tmp.js';
import { writeBusyRoot } from '../../helpers/v2-root.js';

const ARCHIVE = new URL('../../fixtures/docker-explorer/overlay2.v2.tgz', import.meta.url).pathname;
const FESTIVE = '8e8b7f23eb7cbd4dfe7e91646ddd0e0f524218e25d50113559f078dfb2690206';
const BUSYBOX = 'sha256:8ac48589692a53a9b8c2d1ceaa6b402665aa7fe667ba51ccc03002300856d8c7';

describe('the real Docker 17.x overlay2 root of docker-explorer (overlay2.v2.tgz)', () => {
  const dir = tempDir();
  const root = join(dir, 'docker');
  let capture: DockerRootCapture;
  let checksumsBefore: string[] = [];

  before(() => {
    untar(ARCHIVE, dir);
    checksumsBefore = treeChecksums(root);
    capture = readDockerRoot(root, { logTailBytes: 64 * 1024 });
  });

  test('is a v2 root on overlay2 with 5 containers and no capture error', () => {
    assert.equal(capture.era, 'v2');
    assert.equal(capture.storage_driver, 'overlay2');
    assert.equal(capture.containers.length, 5);
    assert.deepEqual(capture.errors, []);
  });

  test('exactly one container was running: /festive_perlman, with its image, mount id and times', () => {
    const running = capture.containers.filter((c) => c.running === 1);
    assert.equal(running.length, 1);
    const festive = running[0]!;
    assert.equal(festive.id, FESTIVE);
    assert.equal(festive.name, 'festive_perlman');
    assert.equal(festive.state, 'running');
    assert.equal(festive.pid, 71799);
    assert.equal(festive.image_name, 'busybox');
    assert.equal(festive.image_id, BUSYBOX);
    assert.equal(festive.mount_id, '92fd3b3e7d6101bb701743c9518c45b0d036b898c8a3d7cae84e1a06e6829b53');
    assert.equal(festive.created_at, '2018-05-16T10:51:39.271019533Z');
    assert.equal(festive.started_at, '2018-05-16T10:51:39.62598903Z');
    assert.equal(festive.finished_at, null);
    assert.equal(festive.storage_driver, 'overlay2');
    assert.equal(festive.config_format, 'v2');
    assert.equal(festive.log_path, `/var/lib/docker/containers/${FESTIVE}/${FESTIVE}-json.log`);
  });

  test('/reverent_wing is stopped and exposes 12345/tcp and 27017/tcp', () => {
    const wing = capture.containers.find((c) => c.name === 'reverent_wing');
    assert.ok(wing);
    assert.ok(wing.id.startsWith('10acac0b3466'));
    assert.equal(wing.running, 0);
    assert.notEqual(wing.state, 'running');
    const ports = capture.container_ports.filter((p) => p.container_id === wing.id).map((p) => `${p.container_port}/${p.proto}`);
    assert.deepEqual(ports, ['12345/tcp', '27017/tcp']);
  });

  test('the busybox image has one layer, and each container sits on it with its rw and init layers', () => {
    assert.deepEqual(capture.images.map((i) => i.id), [BUSYBOX]);
    assert.deepEqual(capture.image_tags.map((t) => t.tag).sort(), ['busybox:latest', 'busybox@sha256:58ac43b2cc92c687a32c8be6278e50a063579655fe3090125dcb2af0ff9e1a64']);
    assert.deepEqual(capture.image_layers, [
      {
        image_id: BUSYBOX,
        position: 0,
        layer_id: '583c602e6bded61f85a9deb504a724d5cc7cce3902c8385a7620fe1c78ad3176',
        diff_id: 'sha256:0314be9edf00a925d59f9b88c9d8ccb34447ab677078874d8c14e7a6816e21e1',
        chain_id: 'sha256:0314be9edf00a925d59f9b88c9d8ccb34447ab677078874d8c14e7a6816e21e1',
      },
    ]);
    const layers = capture.container_layers.filter((l) => l.container_id === FESTIVE);
    const mount = '92fd3b3e7d6101bb701743c9518c45b0d036b898c8a3d7cae84e1a06e6829b53';
    assert.deepEqual(
      layers.map((l) => [l.position, l.role, l.layer_id, l.chain_id, l.diff_path]),
      [
        [0, 'rw', mount, null, join(root, 'overlay2', mount, 'diff')],
        [1, 'init', `${mount}-init`, null, join(root, 'overlay2', `${mount}-init`, 'diff')],
        [2, 'image', '583c602e6bded61f85a9deb504a724d5cc7cce3902c8385a7620fe1c78ad3176', 'sha256:0314be9edf00a925d59f9b88c9d8ccb34447ab677078874d8c14e7a6816e21e1', join(root, 'overlay2', '583c602e6bded61f85a9deb504a724d5cc7cce3902c8385a7620fe1c78ad3176', 'diff')],
      ],
    );
  });

  test('container files are kept verbatim with their sha256, read at the re-rooted path', () => {
    const files = capture.files.filter((f) => f.container_id === FESTIVE);
    assert.deepEqual(files.map((f) => f.role).sort(), ['config.v2.json', 'hostconfig.json', 'hostname', 'hosts', 'resolv.conf']);
    const hostname = files.find((f) => f.role === 'hostname')!;
    assert.equal(hostname.path, join(root, 'containers', FESTIVE, 'hostname'));
    assert.equal(hostname.content?.toString(), '8e8b7f23eb7c\n');
    assert.deepEqual(JSON.parse(hostname.parsed!), { hostname: '8e8b7f23eb7c' });
    const log = capture.container_logs.find((l) => l.container_id === FESTIVE);
    assert.equal(log?.path, join(root, 'containers', FESTIVE, `${FESTIVE}-json.log`));
  });

  test('reading changed nothing under the root', () => {
    assert.deepEqual(treeChecksums(root), checksumsBefore);
  });
});

describe('a generated root of 200 containers', () => {
  test('reads every container with its rows', () => {
    const root = tempDir();
    const { ids } = writeBusyRoot(root, 200);
    const capture = readDockerRoot(root, { logTailBytes: 1024 });
    assert.deepEqual(capture.errors, []);
    assert.deepEqual(capture.containers.map((c) => c.id), [...ids].sort());
    assert.equal(capture.containers.filter((c) => c.running === 1).length, 160);
    assert.equal(capture.container_env.length, 400);
    assert.equal(capture.container_ports.filter((p) => p.host_port !== null).length, 20);
    assert.equal(capture.files.length, 200 * 5);
    assert.equal(capture.images.length, 3);
    // app:1 has 3 layers, db:2 5, cache:3 2; each container adds rw and init.
    assert.equal(capture.container_layers.length, 67 * 5 + 67 * 7 + 66 * 4);
  });
});
