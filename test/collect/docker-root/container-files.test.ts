import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { readConfigFiles, readEtcFiles } from '../../../src/collect/docker-root/container-files.js';
import { createRootReader } from '../../../src/collect/docker-root/root-reader.js';
import { tempDir } from '../../helpers/tmp.js';
import { write } from '../../helpers/v2-root.js';

const ID = 'c'.repeat(64);

test('config, hostconfig and config.lxc are kept verbatim with their sha256 and parsed', () => {
  const root = tempDir();
  const config = '{"ID":"' + ID + '","Config":{"Hostname":"h"}}';
  write(root, `containers/${ID}/config.json`, config);
  write(root, `containers/${ID}/hostconfig.json`, '{"Binds":null,"ContainerIDFile":""}');
  write(root, `containers/${ID}/config.lxc`, 'lxc.utsname = h\nlxc.cap.drop = a\nlxc.cap.drop = b\n');
  const files = readConfigFiles(createRootReader(root), ID, new Set(['config.json', 'hostconfig.json', 'config.lxc']), 'lxc');
  assert.deepEqual(files.files.map((f) => f.role), ['config.json', 'hostconfig.json', 'config.lxc']);
  const first = files.files[0]!;
  assert.equal(first.sha256, createHash('sha256').update(config).digest('hex'));
  assert.equal(first.content?.toString(), config);
  assert.equal(first.path, join(root, `containers/${ID}/config.json`));
  assert.deepEqual(files.config, { ID, Config: { Hostname: 'h' } });
  assert.deepEqual(files.hostConfig, { Binds: null, ContainerIDFile: '' });
  assert.deepEqual(JSON.parse(files.files[2]!.parsed!), { 'lxc.utsname': 'h', 'lxc.cap.drop': ['a', 'b'] });
});

test('a config that is JSON but not an object is kept, parsed as is, and reported', () => {
  const root = tempDir();
  write(root, `containers/${ID}/config.v2.json`, '[1,2]');
  const reader = createRootReader(root);
  const files = readConfigFiles(reader, ID, new Set(['config.v2.json']), 'v2');
  assert.equal(files.config, undefined);
  assert.equal(files.files[0]?.parsed, '[1,2]');
  assert.deepEqual(reader.errors.map((e) => e.code), ['bad-json']);
});

test('etc files are read at their recorded path re-rooted; a host path outside the old root is not read', () => {
  const root = tempDir();
  write(root, `containers/${ID}/hostname`, 'h\n');
  write(root, `containers/${ID}/hosts`, '127.0.0.1 localhost\n');
  write(root, 'etc/resolv.conf', 'nameserver 1.1.1.1\n');
  write(root, `containers/${ID}/config.env`, '["HOME=/","container=lxc"]');
  const config = { HostnamePath: `/mnt/old/containers/${ID}/hostname`, HostsPath: `/mnt/old/containers/${ID}/hosts`, ResolvConfPath: '/etc/resolv.conf' };
  const files = readEtcFiles(createRootReader(root), ID, new Set(['hostname', 'hosts', 'config.env']), config, '/mnt/old');
  assert.deepEqual(files.map((f) => [f.role, f.parsed]), [
    ['hostname', '{"hostname":"h"}'],
    ['hosts', '{"entries":[{"address":"127.0.0.1","names":["localhost"]}]}'],
    ['config.env', '["HOME=/","container=lxc"]'],
  ]);
});
