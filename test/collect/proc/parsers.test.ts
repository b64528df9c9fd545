import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseStat } from '../../../src/collect/proc/stat.js';
import { parseStatus } from '../../../src/collect/proc/status.js';
import { parseCgroup } from '../../../src/collect/proc/cgroup.js';
import { parseMountinfo, parseMounts } from '../../../src/collect/proc/mounts.js';
import { parseLimits } from '../../../src/collect/proc/limits.js';
import { parseEnviron } from '../../../src/collect/proc/environ.js';
import { splitNul } from '../../../src/collect/proc/nul-list.js';
import { classifyFdTarget, parseFdinfo } from '../../../src/collect/proc/fds.js';

test('stat: fields are counted from the last parenthesis, so odd command names parse', () => {
  const line = '2308 (py) (x) y) S 2306 2308 2308 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 12345 0 0';
  assert.deepEqual(parseStat(line), { pid: 2308, comm: 'py) (x) y', state: 'S', ppid: 2306, start_time: 12345 });
});

test('stat of this very process names it', () => {
  const stat = parseStat(readFileSync('/proc/self/stat', 'utf8'));
  assert.equal(stat.pid, process.pid);
  assert.equal(stat.ppid, process.ppid);
  assert.equal(stat.comm, readFileSync('/proc/self/comm', 'utf8').trim());
  assert.ok(stat.start_time > 0);
});

test('status: uid and gid quadruples, threads, VmRSS, NSpid', () => {
  const text = 'Name:\thttpd\nState:\tS (sleeping)\nNSpid:\t3055\t1\nUid:\t0\t0\t0\t0\nGid:\t1\t2\t3\t4\nVmRSS:\t     840 kB\nThreads:\t1\n';
  assert.deepEqual(parseStatus(text), { uids: '0 0 0 0', gids: '1 2 3 4', threads: 1, vm_rss_kib: 840, nspid: '3055 1' });
  assert.deepEqual(parseStatus('Name:\tkthreadd\n'), { uids: null, gids: null, threads: null, vm_rss_kib: null, nspid: null });
});

test('cgroup: v1 lines, named hierarchies and the v2 line', () => {
  const id = 'a86b320f3c71a7473d06f2184a955d7f76ef3dfb113b0f22b4a8cd8a544f0793';
  const rows = parseCgroup(7, `9:name=systemd:/docker/${id}\n4:memory:/lxc/${id}\n2:cpu,cpuacct:/\n0::/docker/${id}\n`);
  assert.deepEqual(rows.map((r) => [r.hierarchy_id, r.controllers, r.path]), [
    [9, 'name=systemd', `/docker/${id}`],
    [4, 'memory', `/lxc/${id}`],
    [2, 'cpu,cpuacct', '/'],
    [0, '', `/docker/${id}`],
  ]);
});

test('mountinfo: optional fields, the overlay root and octal escapes', () => {
  const text = [
    '111 62 0:50 / / rw,relatime master:3 - overlay overlay rw,lowerdir=/d/overlay2/l/AB:/d/overlay2/l/CD,upperdir=/d/overlay2/x/diff,workdir=/d/overlay2/x/work',
    '120 111 0:60 /my\\040dir /mnt/with\\040space ro shared:1 master:2 - ext4 /dev/sda1 rw',
  ].join('\n');
  const [root, spaced] = parseMountinfo('mnt:[4026532200]', text);
  assert.equal(root?.mount_point, '/');
  assert.equal(root?.fs_type, 'overlay');
  assert.equal(root?.optional_fields, 'master:3');
  assert.match(root?.super_options ?? '', /upperdir=\/d\/overlay2\/x\/diff/);
  assert.equal(spaced?.mount_point, '/mnt/with space');
  assert.equal(spaced?.root, '/my dir');
  assert.equal(spaced?.optional_fields, 'shared:1 master:2');
  assert.equal(spaced?.position, 1);
  assert.equal(spaced?.mnt_ns, 'mnt:[4026532200]');
});

test('mounts: the 2013 kernel table of the walkthrough', () => {
  const rows = parseMounts('pid:2308', 'rootfs / rootfs rw 0 0\nnone / aufs rw,relatime,si=3a1cffc99314fd51 0 0\nproc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n');
  assert.deepEqual(rows.map((r) => [r.source, r.mount_point, r.fs_type]), [
    ['rootfs', '/', 'rootfs'],
    ['none', '/', 'aufs'],
    ['proc', '/proc', 'proc'],
  ]);
  assert.equal(rows[1]?.mount_id, null);
});

test('limits: the fixed-width table, with and without units', () => {
  const rows = parseLimits(1, readFileSync('/proc/self/limits', 'utf8'));
  const files = rows.find((r) => r.name === 'Max open files');
  assert.equal(files?.units, 'files');
  assert.match(files?.soft ?? '', /^\d+$/);
  const niceness = rows.find((r) => r.name === 'Max nice priority');
  assert.equal(niceness?.units, null);
  assert.equal(rows.length, 16);
});

test('environ and cmdline: NUL-separated, values may hold =, invalid UTF-8 becomes U+FFFD', () => {
  const bytes = Buffer.concat([Buffer.from('A=1\0URL=x=y\0NOVALUE\0BAD='), Buffer.from([0xff, 0xfe]), Buffer.from('\0')]);
  assert.deepEqual(
    parseEnviron(3, bytes).map((r) => [r.name, r.value]),
    [['A', '1'], ['URL', 'x=y'], ['NOVALUE', null], ['BAD', '\ufffd\ufffd']],
  );
  assert.deepEqual(splitNul(Buffer.from('/usr/bin/python3\0-m\0http.server\0')), ['/usr/bin/python3', '-m', 'http.server']);
  assert.deepEqual(splitNul(Buffer.from('')), []);
});

test('fd targets are classified and their inodes kept', () => {
  assert.deepEqual(classifyFdTarget('socket:[14398]'), { kind: 'socket', inode: 14398 });
  assert.deepEqual(classifyFdTarget('pipe:[6678]'), { kind: 'pipe', inode: 6678 });
  assert.deepEqual(classifyFdTarget('anon_inode:[eventpoll]'), { kind: 'anon_inode', inode: null });
  assert.deepEqual(classifyFdTarget('/dev/pts/7'), { kind: 'device', inode: null });
  assert.deepEqual(classifyFdTarget('/var/lib/docker/containers/a/a-json.log'), { kind: 'file', inode: null });
  assert.deepEqual(classifyFdTarget('/dev/shm/x'), { kind: 'file', inode: null });
  assert.deepEqual(parseFdinfo('pos:\t4096\nflags:\t02100002\nmnt_id:\t25\nino:\t77\n'), { pos: 4096, flags: '02100002', mnt_id: 25 });
});

test('a directory fd position beyond 2^53 (an ext4 hash, as seen on a live host) is kept exact and stored as an INTEGER', async () => {
  const { default: Database } = await import('better-sqlite3');
  const info = parseFdinfo('pos:\t9223372036854775807\nflags:\t0304000\nmnt_id:\t31\nino:\t5\n');
  assert.equal(info.pos, 9223372036854775807n);
  const db = new Database(':memory:');
  db.exec('CREATE TABLE t (pos INTEGER)');
  db.prepare('INSERT INTO t VALUES (?)').run(info.pos);
  assert.deepEqual(db.prepare('SELECT typeof(pos) AS type, CAST(pos AS TEXT) AS text FROM t').get(), { type: 'integer', text: '9223372036854775807' });
  db.close();
});
