import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertDockerRoot, containerFormat, rootEra, rootStorageDriver } from '../../../src/collect/docker-root/detect-era.js';
import { createRootReader } from '../../../src/collect/docker-root/root-reader.js';
import { InputError } from '../../../src/errors.js';
import { execCli } from '../../helpers/exec.js';
import { tempDir } from '../../helpers/tmp.js';

test('a container directory names its format by its config files', () => {
  assert.equal(containerFormat(new Set(['config.v2.json', 'hostconfig.json'])), 'v2');
  assert.equal(containerFormat(new Set(['config.json', 'hostconfig.json'])), 'v1');
  assert.equal(containerFormat(new Set(['config.json', 'config.lxc', 'rootfs.hold'])), 'lxc');
  assert.equal(containerFormat(new Set(['config.v2.json', 'config.json'])), 'v2');
  assert.equal(containerFormat(new Set(['hostconfig.json'])), undefined);
});

test('the root era: from the containers first, else from the image store layout', () => {
  const root = tempDir();
  // A reader caches what it has looked up, as within one capture: each step reads the root afresh.
  const reader = () => createRootReader(root);
  assert.equal(rootEra(reader(), ['v1', 'v2', undefined]), 'v2');
  assert.equal(rootEra(reader(), ['v1', 'lxc']), 'lxc');
  assert.equal(rootEra(reader(), []), null);
  mkdirSync(join(root, 'graph'));
  assert.equal(rootEra(reader(), []), 'v1');
  writeFileSync(join(root, 'repositories'), '{}');
  assert.equal(rootEra(reader(), [undefined]), 'lxc');
  mkdirSync(join(root, 'image'));
  assert.equal(rootEra(reader(), []), 'v2');
});

test('the root storage driver: most containers, else the repositories file, else a driver directory', () => {
  const root = tempDir();
  const reader = () => createRootReader(root);
  assert.equal(rootStorageDriver(reader(), ['aufs', 'overlay2', 'overlay2', null]), 'overlay2');
  assert.equal(rootStorageDriver(reader(), []), null);
  mkdirSync(join(root, 'devicemapper'));
  assert.equal(rootStorageDriver(reader(), []), 'devicemapper');
  writeFileSync(join(root, 'repositories-btrfs'), '{}');
  assert.equal(rootStorageDriver(reader(), [null]), 'btrfs');
  mkdirSync(join(root, 'image', 'overlay'), { recursive: true });
  writeFileSync(join(root, 'image', 'overlay', 'repositories.json'), '{}');
  assert.equal(rootStorageDriver(reader(), []), 'overlay');
});

test('assertDockerRoot accepts containers/, image/ or graph/ and refuses anything else with an InputError', () => {
  for (const marker of ['containers', 'image', 'graph']) {
    const root = tempDir();
    mkdirSync(join(root, marker));
    assert.doesNotThrow(() => assertDockerRoot(root));
  }
  const plain = tempDir();
  writeFileSync(join(plain, 'containers'), 'a file, not a directory');
  assert.throws(() => assertDockerRoot(plain), (error: unknown) => error instanceof InputError && error.exitCode === 2 && error.what === plain);
});

test('a root this user may not enter is refused with the reason (EACCES), not as "not a Docker root"', () => {
  const dir = tempDir();
  // The output directory is writable for the user; only the Docker root is closed to them.
  chmodSync(dir, 0o777);
  const root = join(dir, 'docker');
  mkdirSync(join(root, 'containers'), { recursive: true });
  chmodSync(root, 0o700);
  const result = execCli(['capture', '--offline', '--docker-root', root, '-o', join(dir, 'x.db')], { uid: 65534 });
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /cannot read the Docker root: permission denied \(EACCES\)/);
});
