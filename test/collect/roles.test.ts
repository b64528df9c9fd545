import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyProcesses } from '../../src/collect/roles.js';
import type { ProcessIdentity } from '../../src/collect/proc/scan.js';

const ID = 'a8d9b38bb5f03abc01143e6cf4c5e57d3a4d768a91a16ebbba48dde03f3d61dc';
const OTHER = 'b'.repeat(64);

function proc(pid: number, ppid: number, argv: string[], cgroup = '0::/user.slice\n'): ProcessIdentity {
  return { pid, ppid, comm: (argv[0] ?? '').split('/').pop() ?? '', state: 'S', start_time: pid, cmdline: Buffer.alloc(0), argv, cgroup };
}

test('the daemon side and every process of a known container are kept, with their role', () => {
  const processes = [
    proc(1, 0, ['/sbin/init']),
    proc(100, 1, ['dockerd', '-H', 'unix:///tmp/e/docker.sock']),
    proc(101, 100, ['containerd', '--config', '/tmp/e/exec/containerd/containerd.toml']),
    proc(200, 1, ['/usr/bin/containerd-shim-runc-v2', '-namespace', 'moby', '-id', ID, '-address', '/tmp/e/exec/containerd/containerd.sock']),
    proc(201, 200, ['sleep', '1000'], `4:memory:/docker/${ID}\n0::/docker/${ID}\n`),
    proc(202, 201, ['sh'], `0::/docker/${ID}\n`),
    proc(300, 1, ['/usr/bin/containerd-shim-runc-v2', '-namespace', 'moby', '-id', OTHER, '-address', '/other/containerd.sock']),
    proc(301, 300, ['sleep'], `0::/docker/${OTHER}\n`),
    proc(400, 100, ['docker-proxy', '-proto', 'tcp']),
    proc(500, 1, ['sshd']),
  ];
  const roles = classifyProcesses(processes, {
    engineId: 'docker:/tmp/e/data',
    containerIds: new Set([ID]),
    dockerdPid: 100,
    containerdAddresses: new Set(['/tmp/e/exec/containerd/containerd.sock']),
  });
  assert.ok([...roles.values()].every((r) => r.engine_id === 'docker:/tmp/e/data'));
  assert.deepEqual([...roles.entries()].map(([pid, r]) => [pid, r.role, r.container_id]), [
    [100, 'dockerd', null],
    [101, 'containerd', null],
    [200, 'shim', ID],
    [201, 'container', ID],
    [202, 'container', ID],
    [400, 'proxy', null],
  ]);
});

test('with no container list at all, the daemon claims no container process: another engine may own it', () => {
  const roles = classifyProcesses([proc(301, 300, ['sleep'], `0::/system.slice/docker-${OTHER}.scope\n`), proc(500, 1, ['sshd'])], {
    engineId: 'docker:/var/lib/docker',
    containerIds: new Set(),
    dockerdPid: undefined,
    containerdAddresses: new Set(),
  });
  assert.deepEqual([...roles.entries()], []);
});

test('LXC-era cgroups (/lxc/<id>) place a process in its container', () => {
  const id = 'a86b320f3c71a7473d06f2184a955d7f76ef3dfb113b0f22b4a8cd8a544f0793';
  const roles = classifyProcesses([proc(2308, 2306, ['/usr/bin/python3', '-m', 'http.server'], `4:memory:/lxc/${id}\n1:cpuset:/lxc/${id}\n`)], {
    engineId: 'docker:/var/lib/docker',
    containerIds: new Set([id]),
    dockerdPid: 473,
    containerdAddresses: new Set(),
  });
  assert.deepEqual(roles.get(2308), { role: 'container', container_id: id, engine_id: 'docker:/var/lib/docker' });
});
