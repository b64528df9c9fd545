import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMountinfo } from '../../../src/collect/proc/mounts.js';
import { parseUnixTable } from '../../../src/collect/proc/net.js';
import { readProcess } from '../../../src/collect/proc/process.js';
import { scanProcesses } from '../../../src/collect/proc/scan.js';
import { tempDir } from '../../helpers/tmp.js';

const LATIN1_E = Buffer.from([0xe9]); // "é" in latin1: not valid UTF-8 on its own

test('item 20: comm, environ entries, exe/cwd/root and fd targets that are not UTF-8 keep their exact bytes', () => {
  const root = tempDir();
  const dir = join(root, '42');
  mkdirSync(join(dir, 'fd'), { recursive: true });
  writeFileSync(join(dir, 'stat'), Buffer.concat([Buffer.from('42 (caf'), LATIN1_E, Buffer.from(') S 1 42 42 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 777 0 0\n')]));
  writeFileSync(join(dir, 'cmdline'), 'x\0');
  writeFileSync(join(dir, 'environ'), Buffer.concat([Buffer.from('PLAIN=ok\0NAME=caf'), LATIN1_E, Buffer.from('\0')]));
  const oddPath = Buffer.concat([Buffer.from('/srv/caf'), LATIN1_E]);
  symlinkSync(oddPath, Buffer.from(join(dir, 'exe')) as unknown as string);
  symlinkSync(oddPath, Buffer.from(join(dir, 'fd', '3')) as unknown as string);
  const [identity] = scanProcesses(root).processes;
  assert.ok(identity);
  assert.equal(identity.comm, 'caf\uFFFD');
  assert.deepEqual(identity.comm_raw, Buffer.from([0x63, 0x61, 0x66, 0xe9]));
  const captured = readProcess(root, identity, { role: 'container', container_id: null, engine_id: null });
  assert.deepEqual(captured.process.comm_raw, Buffer.from('caf\xe9', 'latin1'));
  assert.equal(captured.process.exe, '/srv/caf\uFFFD');
  assert.deepEqual(captured.process.exe_raw, oddPath);
  assert.deepEqual(captured.process_fds.map((f) => [f.target, f.target_raw]), [['/srv/caf\uFFFD', oddPath]]);
  assert.deepEqual(captured.process_environ.map((e) => [e.name, e.value, e.raw]), [
    ['PLAIN', 'ok', null],
    ['NAME', 'caf\uFFFD', Buffer.from('NAME=caf\xe9', 'latin1')],
  ]);
});

test('item 20: mount paths decode octal escapes to bytes: UTF-8 as text, anything else kept raw', () => {
  const table = '22 1 0:21 / /mnt/caf\\303\\251 rw - ext4 /dev/caf\\351 rw\n';
  const [row] = parseMountinfo('mnt:[1]', Buffer.from(table).toString('latin1'));
  assert.equal(row?.mount_point, '/mnt/café');
  assert.equal(row?.mount_point_raw, null);
  assert.equal(row?.source, '/dev/caf\uFFFD');
  assert.deepEqual(row?.source_raw, Buffer.from('/dev/caf\xe9', 'latin1'));
});

test('item 20: a unix socket path that is not UTF-8 keeps its bytes', () => {
  const table = Buffer.concat([Buffer.from('Num RefCount Protocol Flags Type St Inode Path\n0000000000000000: 00000002 00000000 00010000 0001 01 77 @caf'), LATIN1_E, Buffer.from('\n')]);
  const [row] = parseUnixTable(table.toString('latin1'), 'net:[1]');
  assert.equal(row?.path, '@caf\uFFFD');
  assert.deepEqual(row?.path_raw, Buffer.from('@caf\xe9', 'latin1'));
});
