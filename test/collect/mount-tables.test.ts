import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readMountTables } from '../../src/collect/mount-tables.js';
import { sideGaps } from '../../src/diff/gaps.js';
import type { Entity } from '../../src/diff/entity.js';
import { tempDir } from '../helpers/tmp.js';

const MOUNTINFO = '22 1 0:21 / / rw,relatime - ext4 /dev/sda1 rw\n';
const process = (pid: number, mnt_ns: string) => ({ pid, mnt_ns, net_ns: null, socketInodes: [] });

function procWith(pids: readonly number[]): string {
  const root = tempDir();
  for (const pid of pids) {
    mkdirSync(join(root, String(pid)), { recursive: true });
    writeFileSync(join(root, String(pid), 'mountinfo'), MOUNTINFO);
  }
  return root;
}

test('item 29: a namespace whose first process exited is read through another of its processes', () => {
  const root = procWith([20]);
  const { mounts, errors } = readMountTables(root, [process(10, 'mnt:[7]'), process(20, 'mnt:[7]')]);
  assert.deepEqual(mounts.map((m) => [m.mnt_ns, m.mount_point, m.source]), [['mnt:[7]', '/', '/dev/sda1']]);
  assert.deepEqual(errors, []);
});

test('item 29: when no process of a namespace can be read, one gap names the namespace and covers only its processes', () => {
  const root = procWith([30]);
  const { mounts, errors } = readMountTables(root, [process(10, 'mnt:[7]'), process(20, 'mnt:[7]'), process(30, 'mnt:[8]')]);
  assert.equal(mounts.length, 1);
  assert.deepEqual(errors.map((e) => [e.subject, e.code]), [['mnt_ns mnt:[7]', 'ENOENT']]);
  assert.match(errors[0]!.message, /mount table unknown: 2 processes \(pids 10, 20\)/);
  const gaps = sideGaps(errors.map((e) => ({ ...e, id: 1 })) as never, { daemon: null, dockerds: 0 } as never);
  const entity = (nativeId: string, mnt: number) => ({ kind: 'process', nativeId, tree: { namespaces: { mnt } } }) as unknown as Entity;
  const covering = gaps.gaps.get('process *') ?? [];
  assert.equal(covering.length, 1);
  assert.equal(covering[0]!.path, '/mounts');
  assert.equal(covering[0]!.applies?.(entity('10', 7)), true);
  assert.equal(covering[0]!.applies?.(entity('30', 8)), false);
});
