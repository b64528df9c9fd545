import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
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

test('assertDockerRoot accepts what only Docker writes and refuses anything else with an InputError', () => {
  const layouts: Record<string, string[]> = {
    'a container with config.v2.json': ['containers/abc/config.v2.json'],
    'a container with config.json (before 1.10)': ['containers/abc/config.json'],
    'an image store with repositories.json': ['image/overlay2/repositories.json'],
    'an image store with imagedb/': ['image/overlay2/imagedb/'],
    'repositories-<driver> (1.x)': ['repositories-aufs'],
    'graph/ with repositories (0.x)': ['graph/', 'repositories'],
    'graph/<id>/json': [`graph/${'a'.repeat(64)}/json`],
  };
  for (const [what, paths] of Object.entries(layouts)) {
    const root = tempDir();
    for (const path of paths) {
      mkdirSync(join(root, path.endsWith('/') ? path : join(path, '..')), { recursive: true });
      if (!path.endsWith('/')) writeFileSync(join(root, path), '{}');
    }
    assert.doesNotThrow(() => assertDockerRoot(root), what);
  }
  const notRoots: Record<string, string[]> = {
    'a plain file named containers': [],
    '/etc: containers/ with policy.json and registries.d/': ['containers/policy.json', 'containers/registries.d/default.yaml'],
    'empty containers/, image/ and graph/': ['containers/', 'image/', 'graph/'],
    'image/ with an unrelated directory': ['image/photos/cat.jpg'],
  };
  for (const [what, paths] of Object.entries(notRoots)) {
    const root = tempDir();
    if (paths.length === 0) writeFileSync(join(root, 'containers'), 'a file, not a directory');
    for (const path of paths) {
      mkdirSync(join(root, path.endsWith('/') ? path : join(path, '..')), { recursive: true });
      if (!path.endsWith('/')) writeFileSync(join(root, path), '{}');
    }
    assert.throws(() => assertDockerRoot(root), (error: unknown) => error instanceof InputError && error.exitCode === 2 && error.what === root, what);
  }
});

test('a config file reached through a link out of the root does not make a Docker root', () => {
  const root = tempDir();
  const elsewhere = tempDir();
  mkdirSync(join(elsewhere, 'abc'), { recursive: true });
  writeFileSync(join(elsewhere, 'abc', 'config.v2.json'), '{}');
  symlinkSync(elsewhere, join(root, 'containers'));
  assert.throws(() => assertDockerRoot(root), InputError);
});

test('a root this user may not enter is refused with the reason (EACCES), not as "not a Docker root"', () => {
  const dir = tempDir();
  // The output directory is writable for the user; only the Docker root is closed to them.
  chmodSync(dir, 0o777);
  const root = join(dir, 'docker');
  mkdirSync(join(root, 'containers', 'abc'), { recursive: true });
  writeFileSync(join(root, 'containers', 'abc', 'config.v2.json'), '{}');
  chmodSync(root, 0o700);
  const result = execCli(['capture', '--offline', '--docker-root', root, '-o', join(dir, 'x.db')], { uid: 65534 });
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /cannot read the Docker root: permission denied \(EACCES\)/);
});
