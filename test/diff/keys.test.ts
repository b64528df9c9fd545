import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Entity } from '../../src/diff/entity.js';
import { cgroupKey, containerMatchKey, fdKey, portKey, processKey, processLabel, processMatchKey, socketKey } from '../../src/diff/keys.js';
import { pairEntities } from '../../src/diff/match.js';
import { byMatchKey, keyed } from '../../src/diff/tree.js';

const id = 'f'.repeat(64);

test('containers are keyed by id on one host and by name across hosts', () => {
  assert.equal(containerMatchKey({ id, name: 'web' }, 'same-host'), id);
  assert.equal(containerMatchKey({ id, name: 'web' }, 'across-hosts'), 'web');
  assert.equal(containerMatchKey({ id, name: null }, 'across-hosts'), id);
});

test('processes: (pid, start time) on one host; container and command line, or daemon role, across hosts', () => {
  const sleep = { pid: 42, start_time: 900, role: 'container', exe: '/bin/busybox' };
  const label = processLabel('container', 'web', ['sleep', '1000']);
  assert.equal(label, 'web: sleep 1000');
  assert.equal(processMatchKey(sleep, label, 'same-host'), '42:900');
  assert.equal(processKey(sleep, label, 'same-host'), 'web: sleep 1000 (pid 42)');
  assert.equal(processMatchKey(sleep, label, 'across-hosts'), 'web: sleep 1000 [/bin/busybox]');
  assert.equal(processLabel('shim', 'web', ['/usr/bin/containerd-shim-runc-v2', '-id', id]), 'shim web');
  assert.equal(processMatchKey({ pid: 1, start_time: 5, role: 'dockerd', exe: '/usr/sbin/dockerd' }, processLabel('dockerd', null, ['dockerd', '-H', 'x']), 'across-hosts'), 'dockerd');
});

test("a container process's fds by number; a daemon process's fds by normalized target, never by number", () => {
  const fd = { fd: 31, target: '/var/lib/docker/x.log' };
  const normalize = (t: string) => t.replace('/var/lib/docker', '<docker-root>');
  assert.equal(fdKey(fd, 'container', normalize), '31');
  assert.equal(fdKey(fd, 'dockerd', normalize), '<docker-root>/x.log');
  assert.equal(fdKey({ fd: 31, target: 'socket:[*]' }, 'shim', normalize), 'socket:[*]');
});

test('sockets, ports and cgroup lines by their own keys', () => {
  assert.equal(socketKey({ proto: 'tcp6', local_address: '::1', local_port: 80 }), 'tcp6 [::1]:80');
  assert.equal(portKey({ container_port: 80, proto: 'tcp', host_ip: '', host_port: 8080 }), '80/tcp 0.0.0.0:8080');
  assert.equal(portKey({ container_port: 80, proto: 'tcp', host_ip: '', host_port: null }), '80/tcp');
  assert.equal(cgroupKey({ hierarchy_id: 4, controllers: 'memory' }), '4:memory');
});

function entity(match: string, key: string, name: string | null = key): Entity {
  return { kind: 'container', match, key, nativeId: match, owner: null, role: null, source: null, tree: Object.assign(Object.create(null), { name }), summary: null };
}

test('pairing is by match key, with the fallback only for leftovers that agree on it alone', () => {
  const fallback = (e: Entity) => e.tree['name'] as string | null;
  const pairs = pairEntities('container', [entity('1', 'web'), entity('2', 'db'), entity('3', 'x')], [entity('1', 'web2'), entity('9', 'db'), entity('8', 'y')], fallback);
  const shown = pairs.map((p) => `${p.key}:${p.a?.match ?? '-'}>${p.b?.match ?? '-'}`).sort();
  assert.deepEqual(shown, ['db:2>9', 'web:1>1', 'x:3>-', 'y:->8']);
});

test('two fds on one path pair by what they hold, not by the numbers the kernel gave them', () => {
  const fds = (first: string, second: string) => [
    { fd: 3, flags: first, target: '/run/containerd/web/init-stderr' },
    { fd: 4, flags: second, target: '/run/containerd/web/init-stderr' },
  ];
  const tree = (rows: ReturnType<typeof fds>) => keyed(byMatchKey(rows, (f) => f.target, (f) => f.flags), ([key]) => key, ([, f]) => f.flags);
  assert.deepEqual(tree(fds('02104001', '012000000')), tree(fds('012000000', '02104001')));
});
