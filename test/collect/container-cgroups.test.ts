/**
 * Reading a container's cgroup files from a saved tree that may lie: links, FIFOs, oversized
 * files, `..` in a /proc cgroup path, a missing cgroup. Nothing outside the root is read, nothing
 * blocks, and every refusal is a capture error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readContainerCgroups } from '../../src/collect/container-cgroups.js';
import type { ProcessRole } from '../../src/collect/proc/process.js';
import type { ProcessIdentity } from '../../src/collect/proc/scan.js';
import { tempDir } from '../helpers/tmp.js';

const ID = 'c'.repeat(64);
const OTHER = 'd'.repeat(64);

function proc(pid: number, cgroup: string): ProcessIdentity {
  return { pid, ppid: 1, comm: 'sleep', state: 'S', start_time: pid, cmdline: Buffer.alloc(0), argv: ['sleep'], cgroup };
}

function roles(...entries: [number, string | null, string | null][]): Map<number, ProcessRole> {
  return new Map(entries.map(([pid, id, engine]) => [pid, { role: id ? 'container' : 'dockerd', container_id: id, engine_id: engine }]));
}

test('links resolve inside the root, a FIFO and an oversized file are refused, absent files are skipped', () => {
  const root = join(tempDir(), 'cgroup');
  const scope = join(root, 'system.slice', `docker-${ID}.scope`);
  mkdirSync(scope, { recursive: true });
  writeFileSync(join(root, 'cgroup.controllers'), 'cpu memory pids\n');
  writeFileSync(join(scope, 'memory.max'), '67108864\n');
  symlinkSync('/etc/hostname', join(scope, 'memory.high'));
  writeFileSync(join(root, 'elsewhere'), '42\n');
  symlinkSync('../../elsewhere', join(scope, 'cpu.weight'));
  execFileSync('mkfifo', [join(scope, 'pids.max')]);
  writeFileSync(join(scope, 'cpu.max'), 'x'.repeat(64 * 1024 + 1));
  const { rows, errors } = readContainerCgroups(root, [proc(10, `0::/system.slice/docker-${ID}.scope\n`)], roles([10, ID, 'docker:/d']));
  assert.deepEqual(rows.map((r) => [r.file, r.value]), [['memory.max', '67108864'], ['cpu.weight', '42']]);
  assert.deepEqual(errors.map((e) => [e.phase, e.code, e.path?.split('/').pop()]).sort(), [
    ['cgroup', 'not-regular-file', 'pids.max'],
    ['cgroup', 'oversized', 'cpu.max'],
  ]);
});

test('a cgroup path with .. is refused; a missing cgroup is one error per hierarchy, a link loop another; only engine-claimed containers are read', () => {
  const root = join(tempDir(), 'cgroup');
  mkdirSync(join(root, 'memory'), { recursive: true });
  writeFileSync(join(root, 'memory', 'memory.limit_in_bytes'), '1\n');
  const processes = [
    proc(10, `4:memory:/../../docker/${ID}\n`),
    proc(20, `4:memory:/docker/${OTHER}\n3:pids:/docker/${OTHER}\n1:name=systemd:/docker/${OTHER}\n`),
    proc(30, `4:memory:/docker/${'e'.repeat(64)}\n`),
    proc(40, `4:memory:/loop/${'f'.repeat(64)}\n`),
  ];
  symlinkSync('loop', join(root, 'memory', 'loop'));
  const { rows, errors } = readContainerCgroups(root, processes, roles([10, ID, 'docker:/d'], [20, OTHER, 'docker:/d'], [30, 'e'.repeat(64), null], [40, 'f'.repeat(64), 'docker:/d']));
  assert.deepEqual(rows, []);
  assert.deepEqual(errors.map((e) => [e.subject, e.code, e.path]), [
    [`container ${ID}`, 'bad-cgroup-path', `/../../docker/${ID}`],
    [`container ${OTHER}`, 'ENOENT', join(root, 'memory', 'docker', OTHER)],
    [`container ${OTHER}`, 'ENOENT', join(root, 'pids', 'docker', OTHER)],
    [`container ${'f'.repeat(64)}`, 'ELOOP', join(root, 'memory', 'loop', 'f'.repeat(64))],
  ]);
});
