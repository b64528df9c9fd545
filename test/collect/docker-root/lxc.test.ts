import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lxcValue, parseLxcConfig } from '../../../src/collect/docker-root/lxc.js';

const CONFIG = `# hostname
lxc.utsname = a86b320f3c71
lxc.network.type = veth
lxc.rootfs = /var/lib/docker/containers/a86b/rootfs
lxc.mount.entry = proc /var/lib/docker/containers/a86b/rootfs/proc proc nosuid,nodev,noexec 0 0
lxc.mount.entry = sysfs /var/lib/docker/containers/a86b/rootfs/sys sysfs nosuid,nodev,noexec 0 0

lxc.cgroup.devices.deny = a
not a key value line
__proto__ = polluted
`;

test('config.lxc: key = value lines, repeated keys as arrays in order, comments and junk skipped', () => {
  const config = parseLxcConfig(CONFIG);
  assert.equal(config['lxc.utsname'], 'a86b320f3c71');
  assert.deepEqual(config['lxc.mount.entry'], [
    'proc /var/lib/docker/containers/a86b/rootfs/proc proc nosuid,nodev,noexec 0 0',
    'sysfs /var/lib/docker/containers/a86b/rootfs/sys sysfs nosuid,nodev,noexec 0 0',
  ]);
  assert.equal(config['lxc.cgroup.devices.deny'], 'a');
  assert.deepEqual(Object.keys(config), ['lxc.utsname', 'lxc.network.type', 'lxc.rootfs', 'lxc.mount.entry', 'lxc.cgroup.devices.deny', '__proto__']);
});

test('a __proto__ key is kept as data and pollutes nothing; JSON keeps it', () => {
  const config = parseLxcConfig(CONFIG);
  assert.equal(Object.getPrototypeOf(config), null);
  assert.equal(config['__proto__'], 'polluted');
  assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  assert.equal(JSON.parse(JSON.stringify(config))['__proto__'], 'polluted');
});

test('lxcValue gives the first value of a key, undefined when absent', () => {
  const config = parseLxcConfig(CONFIG);
  assert.equal(lxcValue(config, 'lxc.rootfs'), '/var/lib/docker/containers/a86b/rootfs');
  assert.match(lxcValue(config, 'lxc.mount.entry') ?? '', /^proc /);
  assert.equal(lxcValue(config, 'toString'), undefined);
});
