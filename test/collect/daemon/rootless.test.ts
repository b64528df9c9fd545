/**
 * Rootless Docker's pieces on their own: the defaults dockerd takes under rootlesskit (moby
 * cmd/dockerd/config_unix.go), the kernel's uid_map format, and the rootlesskit processes above a
 * dockerd (the tree rootless Docker runs as: rootlesskit, its /proc/self/exe child, dockerd).
 * The live test (test/integration/rootless.test.ts) runs the real thing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dockerdDefaults, parseIdMap, ROOTFUL_DEFAULTS, rootlesskitAbove } from '../../../src/collect/daemon/rootless.js';
import { classifyProcesses } from '../../../src/collect/roles.js';
import type { ProcessIdentity } from '../../../src/collect/proc/scan.js';

test('under rootlesskit, dockerd defaults to the user\'s directories; without ROOTLESSKIT_STATE_DIR, to the rootful ones', () => {
  const env = new Map([['ROOTLESSKIT_STATE_DIR', '/tmp/rootlesskit1'], ['HOME', '/home/ann'], ['XDG_RUNTIME_DIR', '/run/user/1000']]);
  assert.deepEqual(dockerdDefaults(env), {
    dockerHost: 'unix:///run/user/1000/docker.sock',
    dataRoot: '/home/ann/.local/share/docker',
    execRoot: '/run/user/1000/docker',
    pidfile: '/run/user/1000/docker.pid',
    configFile: '/home/ann/.config/docker/daemon.json',
    rootlesskitStateDir: '/tmp/rootlesskit1',
  });
  assert.equal(dockerdDefaults(new Map([...env, ['XDG_DATA_HOME', '/data/ann']])).dataRoot, '/data/ann/docker');
  assert.equal(dockerdDefaults(new Map([['HOME', '/root']])), ROOTFUL_DEFAULTS);
});

test('uid_map lines are three numbers; anything else is left out', () => {
  assert.deepEqual(parseIdMap('         0       1000          1\n         1     100000      65536\n'), [
    { inside: 0, outside: 1000, count: 1 },
    { inside: 1, outside: 100000, count: 65536 },
  ]);
  assert.deepEqual(parseIdMap('0 0\nx 1 2\n1 2 3 4\n-1 0 1\n'), []);
});

function proc(pid: number, ppid: number, argv: string[], comm = argv[0]!.split('/').pop()!): ProcessIdentity {
  return { pid, ppid, comm, state: 'S', start_time: pid, cmdline: Buffer.from(argv.join('\0')), argv, cgroup: '5:devices:/\n' };
}

const ID = 'fcfc6ab99dd8b1553bcec8f35dfc57952ff95e8ca6bc1912ab8d258b5992216d';
// As ps showed it for a rootless dockerd started by dockerd-rootless.sh (cgroup v1: no container cgroups).
const TREE = [
  proc(30248, 1, ['rootlesskit', '--net=host', '--copy-up=/etc', '--copy-up=/run', '/usr/bin/dockerd-rootless.sh']),
  proc(30255, 30248, ['/proc/self/exe', '--net=host', '--copy-up=/etc', '--copy-up=/run', '/usr/bin/dockerd-rootless.sh'], 'exe'),
  proc(30272, 30255, ['dockerd', '--bridge=none']),
  proc(30290, 30272, ['containerd', '--config', '/run/user/1000/docker/containerd/containerd.toml']),
  proc(32444, 1, ['/usr/bin/containerd-shim-runc-v2', '-namespace', 'moby', '-id', ID, '-address', '/run/user/1000/docker/containerd/containerd.sock']),
  proc(32465, 32444, ['sleep', '1000']),
  proc(32470, 32465, ['sh']),
  proc(500, 1, ['sshd']),
];

test('rootlesskit and its child are found above the dockerd; a rootful dockerd has none', () => {
  assert.deepEqual(rootlesskitAbove(TREE[2]!, TREE), [30255, 30248]);
  assert.deepEqual(rootlesskitAbove(proc(9, 1, ['dockerd']), TREE), []);
});

test('with no cgroup naming the container, its processes are the ones under its shim', () => {
  const roles = classifyProcesses(TREE, {
    engineId: 'docker:/home/ann/.local/share/docker',
    containerIds: new Set([ID]),
    dockerdPid: 30272,
    containerdAddresses: new Set(['/run/user/1000/docker/containerd/containerd.sock']),
    rootlesskitPids: new Set([30255, 30248]),
  });
  const seen = Object.fromEntries([...roles].map(([pid, r]) => [pid, `${r.role}${r.container_id ? ` ${r.container_id.slice(0, 4)}` : ''}`]));
  assert.deepEqual(seen, {
    30248: 'rootlesskit',
    30255: 'rootlesskit',
    30272: 'dockerd',
    30290: 'containerd',
    32444: 'shim fcfc',
    32465: 'container fcfc',
    32470: 'container fcfc',
  });
});
