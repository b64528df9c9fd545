import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readDockerRoot } from '../../../src/collect/docker-root/index.js';
import { InputError } from '../../../src/errors.js';
import { treeChecksums } from '../../helpers/copy-fixture.js';
import { tempDir } from '../../helpers/tmp.js';
import { writeContainer, writeImage, writeRepositories, type ContainerSpec, type V2Image } from '../../helpers/v2-root.js';

/** A v2 root with one container of a 3-layer image; `damage` breaks it before it is read. */
function damagedRoot(damage: (root: string, dir: string, image: V2Image) => void, spec: Partial<ContainerSpec> = {}) {
  const root = tempDir();
  const image = writeImage(root, { tag: 'app:1', layers: 3 }, spec.driver);
  writeRepositories(root, [image], spec.driver);
  const id = writeContainer(root, { name: 'victim', image, ...spec });
  damage(root, join(root, 'containers', id), image);
  const before = treeChecksums(root);
  const capture = readDockerRoot(root, { logTailBytes: 4096 });
  assert.deepEqual(treeChecksums(root), before, 'nothing under the root may change');
  assert.deepEqual(capture.containers.map((c) => c.id), [id], 'the container is still listed');
  return { root, id, image, capture, container: capture.containers[0]! };
}

test('a truncated config: listed in state unknown, the file kept unparsed, a bad-json error, the rest still read', () => {
  const { root, id, capture, container } = damagedRoot((_root, dir) => {
    const text = readFileSync(join(dir, 'config.v2.json'), 'utf8');
    writeFileSync(join(dir, 'config.v2.json'), text.slice(0, 120));
  });
  assert.equal(container.state, 'unknown');
  assert.equal(container.name, null);
  assert.equal(container.restart_policy, 'no', 'hostconfig.json is still read');
  assert.deepEqual(capture.errors.map((e) => [e.phase, e.subject, e.path, e.code]), [['docker-root', `container ${id}`, join(root, 'containers', id, 'config.v2.json'), 'bad-json']]);
  const file = capture.files.find((f) => f.role === 'config.v2.json');
  assert.equal(file?.parsed, null);
  assert.equal(file?.size, 120);
  assert.equal(capture.container_layers.length, 5, 'layers come from layerdb, not the config');
  assert.equal(capture.container_logs.length, 1);
});

test('a container directory without config: listed with its layers and log, and an error naming the directory', () => {
  const { root, id, capture, container } = damagedRoot((_root, dir) => unlinkSync(join(dir, 'config.v2.json')));
  assert.equal(container.state, 'unknown');
  assert.equal(container.config_format, 'v2');
  assert.deepEqual(capture.errors.map((e) => [e.path, e.code]), [[join(root, 'containers', id), 'ENOENT']]);
  assert.match(capture.errors[0]!.message, /no config\.v2\.json or config\.json/);
  assert.equal(capture.container_layers.filter((l) => l.role === 'rw').length, 1);
});

test('an unknown storage driver: layers listed without directories, one unknown-driver error', () => {
  const { capture, container } = damagedRoot(() => undefined, { driver: 'weirdfs' });
  assert.equal(container.storage_driver, 'weirdfs');
  assert.equal(capture.storage_driver, 'weirdfs');
  assert.deepEqual(capture.container_layers.map((l) => [l.role, l.diff_path]), [['rw', null], ['init', null], ['image', null], ['image', null], ['image', null]]);
  assert.deepEqual(capture.errors.map((e) => e.code), ['unknown-driver']);
});

test('unreadable files (a directory and a FIFO where files belong) become errors, not exceptions', () => {
  const { root, id, capture, container } = damagedRoot((_root, dir) => {
    rmSync(join(dir, 'hostconfig.json'));
    mkdirSync(join(dir, 'hostconfig.json'));
    rmSync(join(dir, 'hostname'));
    execFileSync('mkfifo', [join(dir, 'hostname')]);
  });
  assert.equal(container.state, 'running');
  assert.equal(container.restart_policy, null);
  assert.deepEqual(
    capture.errors.map((e) => [e.path, e.code]),
    [
      [join(root, 'containers', id, 'hostconfig.json'), 'EISDIR'],
      [join(root, 'containers', id, 'hostname'), 'not-regular-file'],
    ],
  );
  assert.deepEqual(capture.files.map((f) => f.role).sort(), ['config.v2.json', 'hosts', 'resolv.conf']);
});

test('a dangling symlink is reported with its target', () => {
  const { root, id, capture } = damagedRoot((_root, dir) => {
    unlinkSync(join(dir, 'hosts'));
    symlinkSync('hosts.gone', join(dir, 'hosts'));
  });
  assert.deepEqual(capture.errors.map((e) => [e.path, e.code]), [[join(root, 'containers', id, 'hosts'), 'dangling-link']]);
  assert.match(capture.errors[0]!.message, /hosts\.gone/);
});

test("a symlink pointing out of the root is never followed onto the host's files", () => {
  const hostHostname = readFileSync('/etc/hostname');
  const { capture } = damagedRoot((_root, dir) => {
    unlinkSync(join(dir, 'hostname'));
    symlinkSync('/etc/hostname', join(dir, 'hostname'));
    unlinkSync(join(dir, 'hosts'));
    symlinkSync('../../../../../../../../etc/hosts', join(dir, 'hosts'));
  });
  assert.deepEqual(capture.files.map((f) => f.role).sort(), ['config.v2.json', 'hostconfig.json', 'resolv.conf']);
  assert.ok(capture.files.every((f) => f.content?.equals(hostHostname) !== true));
  assert.deepEqual(capture.errors.map((e) => e.code), ['dangling-link', 'dangling-link']);
});

test('a layer chain with a missing parent ends there, with an error naming the missing layer', () => {
  const { root, id, image, capture } = damagedRoot((root, _dir, image) => {
    rmSync(join(root, 'image/overlay2/layerdb/sha256', image.chainIds[1]!.slice(7)), { recursive: true });
  });
  const middle = image.chainIds[1]!;
  assert.deepEqual(capture.container_layers.map((l) => [l.role, l.chain_id]), [['rw', null], ['init', null], ['image', image.chainIds[2]]]);
  const layerPath = join(root, 'image/overlay2/layerdb/sha256', middle.slice(7));
  assert.deepEqual(capture.errors.map((e) => [e.subject, e.path, e.code]), [
    [`image ${image.id}`, layerPath, 'missing-layer'],
    [`container ${id}`, layerPath, 'missing-layer'],
  ]);
  assert.match(capture.errors[1]!.message, new RegExp(`${middle} \\(parent of ${image.chainIds[2]}\\) is missing`));
});

test('keys from the examined host such as __proto__ become rows and pollute nothing', () => {
  const { id, capture } = damagedRoot(() => undefined, { env: ['__proto__=1', 'constructor=2'], labels: JSON.parse('{"__proto__":"x","toString":"y"}') as Record<string, string> });
  assert.deepEqual(capture.container_env.map((e) => [e.name, e.value]), [['__proto__', '1'], ['constructor', '2']]);
  assert.deepEqual(capture.container_labels.map((l) => [l.container_id, l.key, l.value]).sort(), [[id, '__proto__', 'x'], [id, 'toString', 'y']]);
  assert.equal(({} as Record<string, unknown>)['x'], undefined);
});

test('a directory that is not a Docker root is an InputError naming it; a missing one too', () => {
  const dir = tempDir();
  assert.throws(() => readDockerRoot(dir, { logTailBytes: 1 }), (error: unknown) => error instanceof InputError && error.what === dir && /not a Docker root/.test(error.why));
  assert.throws(() => readDockerRoot(join(dir, 'nope'), { logTailBytes: 1 }), InputError);
  writeFileSync(join(dir, 'file'), 'x');
  assert.throws(() => readDockerRoot(join(dir, 'file'), { logTailBytes: 1 }), /is not a directory/);
  mkdirSync(join(dir, 'docker', 'containers'), { recursive: true });
  assert.throws(() => readDockerRoot(dir, { logTailBytes: 1 }), /did you mean .*\/docker\?/);
  // What a freshly started dockerd writes: an image store and no containers yet.
  mkdirSync(join(dir, 'docker', 'image', 'overlay2', 'imagedb'), { recursive: true });
  assert.equal(readDockerRoot(join(dir, 'docker'), { logTailBytes: 1 }).containers.length, 0);
});
