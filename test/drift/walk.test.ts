/**
 * The writable-layer walker on layers built here by hand (the expected rows follow from what each
 * test writes): overlay whiteouts (character device 0/0) and opaque directories (the
 * trusted.overlay.opaque xattr, set with setfattr), aufs .wh. files, links never followed, a FIFO
 * never opened, hostile names, and every cap with its counts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { captureDockerDrift, walkWritableLayer, type DriftLimits, type LayerSet } from '../../src/collect/drift/index.js';
import type { DriftRow } from '../../src/collect/drift/drift-row.js';
import { readOpaqueDirs } from '../../src/collect/drift/opaque-dirs.js';
import { openDirectoryPinned } from '../../src/util/fs-readonly.js';
import type { TableInserts } from '../../src/types/snapshot.generated.js';
import { tempDir } from '../helpers/tmp.js';

const LIMITS: DriftLimits = { maxEntries: 1000, hashMaxBytes: 1 << 20, captureHashMaxBytes: 1 << 30 };
const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

function tree(root: string, files: Record<string, string | null>): void {
  for (const [path, body] of Object.entries(files)) {
    const full = join(root, path);
    if (body === null) mkdirSync(full, { recursive: true });
    else {
      mkdirSync(join(full, '..'), { recursive: true });
      writeFileSync(full, body);
    }
  }
}

function walk(layers: LayerSet, limits = LIMITS, opaque: ReadonlySet<string> = new Set()) {
  const rows: DriftRow[] = [];
  const result = walkWritableLayer('c1', layers, opaque, limits, { remaining: limits.captureHashMaxBytes }, (row) => rows.push(row));
  rows.sort((a, b) => (a.path < b.path ? -1 : 1));
  return { ...result, rows, brief: rows.map((r) => `${r.kind} ${r.path} ${r.type}`) };
}

function overlayLayers(): LayerSet & { dir: string } {
  const dir = tempDir();
  const [upper, lower0, lower1] = ['upper', 'lower0', 'lower1'].map((name) => join(dir, name)) as [string, string, string];
  tree(lower1, { '/etc/passwd': 'root:x:0:0\n', '/data/a': 'a', '/data/sub/b': 'b', '/data/gone': 'g', '/bin/tool': 'old', '/lib': null });
  tree(lower0, { '/etc/hostname': 'h\n', '/data': null });
  execFileSync('mknod', [join(lower0, 'data', 'gone'), 'c', '0', '0']);
  tree(upper, { '/etc/passwd': 'root:x:0:0\nevil:x:0:0\n', '/etc/added': 'new\n', '/data/c': 'c', '/bin': null, '/lib/x': 'x' });
  execFileSync('mknod', [join(upper, 'bin', 'tool'), 'c', '0', '0']);
  execFileSync('setfattr', ['-n', 'trusted.overlay.opaque', '-v', 'y', join(upper, 'data')]);
  return { dir, upper, lowers: [lower0, lower1], whiteouts: 'overlay' };
}

test('overlay: added, modified, whiteouts and an opaque directory, with what it hides in the lower layers', () => {
  const layers = overlayLayers();
  const opaque = readOpaqueDirs(layers.upper);
  assert.deepEqual([...opaque], ['/data']);
  const { rows, brief, errors, counts } = walk(layers, LIMITS, opaque);
  assert.deepEqual(brief, [
    'deleted /bin/tool file',
    'modified /bin dir',
    'modified /data dir',
    'deleted /data/a file',
    'added /data/c file',
    'deleted /data/sub dir',
    'modified /etc dir',
    'added /etc/added file',
    'modified /etc/passwd file',
    'modified /lib dir',
    'added /lib/x file',
  ].sort((a, b) => (a.split(' ')[1]! < b.split(' ')[1]! ? -1 : 1)));
  // /data/gone is a whiteout in lower0 over lower1's file: nothing to delete, so not listed.
  assert.equal(rows.find((r) => r.path === '/data')?.opaque, 1);
  assert.equal(rows.find((r) => r.path === '/etc/passwd')?.sha256, sha256('root:x:0:0\nevil:x:0:0\n'));
  assert.deepEqual(errors, []);
  assert.equal(counts.capped, false);
});

test('links are recorded with their target and never followed; a FIFO is recorded, never opened; flags follow the mode bits', () => {
  const dir = tempDir();
  const upper = join(dir, 'upper');
  const lower = join(dir, 'lower');
  tree(lower, { '/lib': null });
  tree(upper, { '/escape': null });
  rmdirLink(join(upper, 'escape'), '/etc');
  symlinkSync('../../../../etc/shadow', join(upper, 'shadow'));
  execFileSync('mkfifo', [join(upper, 'pipe')]);
  writeFileSync(join(upper, 'suid'), Buffer.concat([Buffer.from([0x7f]), Buffer.from('ELF'), Buffer.alloc(12)]));
  chmodSync(join(upper, 'suid'), 0o6755);
  mkdirSync(join(upper, 'shared'));
  chmodSync(join(upper, 'shared'), 0o1777);
  const { rows, errors } = walk({ upper, lowers: [lower], whiteouts: 'overlay' });
  const by = (path: string) => rows.find((r) => r.path === path)!;
  assert.deepEqual(rows.map((r) => r.path).sort(), ['/escape', '/pipe', '/shadow', '/shared', '/suid']);
  assert.deepEqual([by('/escape').type, by('/escape').link_target, by('/escape').world_writable], ['symlink', '/etc', 0]);
  assert.equal(by('/shadow').link_target, '../../../../etc/shadow');
  assert.deepEqual([by('/pipe').type, by('/pipe').sha256, by('/pipe').hash_skipped], ['fifo', null, null]);
  assert.deepEqual([by('/suid').executable, by('/suid').setuid, by('/suid').setgid, by('/suid').magic], [1, 1, 1, 'elf']);
  assert.equal(by('/suid').sha256, sha256(Buffer.concat([Buffer.from([0x7f]), Buffer.from('ELF'), Buffer.alloc(12)])));
  assert.equal(by('/shared').world_writable, 1);
  assert.deepEqual(errors, []);
});

test('a link in a lower layer is not walked through: an upper file under it is added, even when the host has that path', () => {
  const dir = tempDir();
  const upper = join(dir, 'upper');
  const lower = join(dir, 'lower');
  mkdirSync(lower);
  symlinkSync('/etc', join(lower, 'lib'));
  tree(upper, { '/lib/passwd': 'x' });
  const { brief } = walk({ upper, lowers: [lower], whiteouts: 'overlay' });
  assert.deepEqual(brief, ['modified /lib dir', 'added /lib/passwd file']);
});

test('aufs: .wh. files delete, .wh..wh..opq makes a directory opaque, aufs bookkeeping is skipped, a whiteout beside its own name is reported once', () => {
  const dir = tempDir();
  const upper = join(dir, 'upper');
  const lower = join(dir, 'lower');
  tree(lower, { '/etc/motd': 'hi', '/var/cache/a': 'a', '/var/cache/b': 'b', '/x': 'x' });
  tree(upper, { '/.wh..wh.aufs': '', '/.wh..wh.plnk': null, '/etc/.wh.motd': '', '/var/cache/.wh..wh..opq': '', '/var/cache/b': 'B', '/.wh.x': '', '/x': 'y' });
  const { rows, brief, errors } = walk({ upper, lowers: [lower], whiteouts: 'aufs' });
  const withoutX = brief.filter((line) => !line.includes(' /x '));
  assert.deepEqual(withoutX, ['modified /etc dir', 'deleted /etc/motd file', 'modified /var dir', 'modified /var/cache dir', 'deleted /var/cache/a file', 'modified /var/cache/b file']);
  assert.equal(rows.filter((r) => r.path === '/x').length, 1);
  assert.equal(errors.length, 1);
  assert.equal(errors[0]?.code, 'duplicate');
  assert.equal(rows.find((r) => r.path === '/var/cache')?.opaque, 1);
});

test('caps: entries per container, bytes hashed per file and per capture, each counted', () => {
  const dir = tempDir();
  const upper = join(dir, 'upper');
  tree(upper, { '/a': '12345678', '/b': '1234', '/c': '12', '/d': '1', '/e': '' });
  const small = walk({ upper, lowers: [], whiteouts: 'overlay' }, { maxEntries: 3, hashMaxBytes: 100, captureHashMaxBytes: 100 });
  assert.equal(small.rows.length, 3);
  assert.deepEqual([small.counts.capped, small.counts.entries], [true, 3]);
  const hashed = walk({ upper, lowers: [], whiteouts: 'overlay' }, { maxEntries: 100, hashMaxBytes: 4, captureHashMaxBytes: 100 });
  assert.deepEqual(hashed.rows.map((r) => r.hash_skipped), ['too-large', null, null, null, null]);
  assert.equal(hashed.rows[1]?.sha256, sha256('1234'));
  assert.equal(hashed.counts.tooLarge, 1);
  const budget = walk({ upper, lowers: [], whiteouts: 'overlay' }, { maxEntries: 100, hashMaxBytes: 100, captureHashMaxBytes: 9 });
  const skipped = budget.rows.filter((r) => r.hash_skipped === 'capture-cap').length;
  assert.equal(budget.counts.captureCapped, skipped);
  assert.ok(skipped >= 1, '15 bytes of files cannot all fit a 9-byte budget');
  assert.ok(budget.rows.filter((r) => r.sha256 !== null).reduce((sum, r) => sum + (r.size ?? 0), 0) <= 9);
});

test('a file of several 64 KiB chunks hashes to the sha256 of its bytes', () => {
  const dir = tempDir();
  const upper = join(dir, 'upper');
  const bytes = Buffer.alloc(200 * 1024 + 7, 'drift');
  tree(upper, { '/big': bytes.toString('latin1'), '/chunk': 'x'.repeat(64 * 1024) });
  const { rows } = walk({ upper, lowers: [], whiteouts: 'overlay' });
  assert.equal(rows.find((r) => r.path === '/big')?.sha256, sha256(bytes));
  assert.equal(rows.find((r) => r.path === '/chunk')?.sha256, sha256('x'.repeat(64 * 1024)));
});

test('a capture reports each cap as a capture_error with its counts; without getfattr it degrades to one capture_error', () => {
  const layers = overlayLayers();
  const chain: TableInserts['container_layers'][] = [
    { container_id: 'c1', position: 0, role: 'rw', layer_id: 'rw', chain_id: null, diff_path: layers.upper },
    { container_id: 'c1', position: 1, role: 'init', layer_id: 'init', chain_id: null, diff_path: layers.lowers[0]! },
    { container_id: 'c1', position: 2, role: 'image', layer_id: 'base', chain_id: null, diff_path: layers.lowers[1]! },
  ];
  const collect = () => {
    const rows: DriftRow[] = [];
    const errors = captureDockerDrift(chain, 'overlay2', { maxEntries: 4, hashMaxBytes: 1 << 20, captureHashMaxBytes: 1 << 30 }, { add: (_table, added) => rows.push(...(added as unknown as DriftRow[])) });
    return { rows, errors };
  };
  const capped = collect();
  assert.equal(capped.rows.length, 4);
  assert.deepEqual(capped.errors.map((e) => e.code), ['cap-entries']);
  assert.match(capped.errors[0]!.message, /capped at 4 entries/);
  const path = process.env['PATH'];
  process.env['PATH'] = tempDir();
  try {
    const blind = collect();
    assert.deepEqual(blind.errors.map((e) => e.code), ['ENOENT', 'cap-entries']);
    assert.match(blind.errors[0]!.message, /getfattr/);
  } finally {
    process.env['PATH'] = path;
  }
  assert.deepEqual(captureDockerDrift(chain, 'devicemapper', LIMITS, { add: () => assert.fail('no rows') }).map((e) => e.code), ['unsupported']);
});

test('a directory reached through a link is refused, not listed', () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'real', 'sub'), { recursive: true });
  symlinkSync(join(dir, 'real'), join(dir, 'link'));
  assert.throws(() => openDirectoryPinned(join(dir, 'link')), /ENOTDIR|ELOOP/);
  assert.throws(() => openDirectoryPinned(join(dir, 'link', 'sub')), /moved while it was opened/);
  openDirectoryPinned(join(dir, 'real', 'sub')).close();
});

function rmdirLink(path: string, target: string): void {
  execFileSync('rmdir', [path]);
  symlinkSync(target, path);
}

test('a pinned directory lists every entry, whether small (one call) or large (streamed)', () => {
  const dir = tempDir();
  const small = join(dir, 'small');
  const large = join(dir, 'large');
  tree(small, { '/a': 'a', '/b': 'b', '/sub': null });
  mkdirSync(large);
  const names = Array.from({ length: 4000 }, (_, i) => `entry-with-a-long-name-${String(i).padStart(5, '0')}`);
  for (const name of names) writeFileSync(join(large, name), '');
  const size = statSync(large).size;
  assert.ok(size > 64 * 1024 || size === 0, `the large directory reports ${size} bytes`);
  const listed = (path: string) => {
    const pinned = openDirectoryPinned(path);
    const seen: string[] = [];
    try {
      for (let name = pinned.next(); name !== null; name = pinned.next()) seen.push(name);
    } finally {
      pinned.close();
    }
    return seen.sort();
  };
  assert.deepEqual(listed(small), ['a', 'b', 'sub']);
  assert.deepEqual(listed(large), names);
});
