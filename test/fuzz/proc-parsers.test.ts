/** Property tests of every parser of /proc data: no throw but the documented ones, bounded work, round-trips. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseCgroup } from '../../src/collect/proc/cgroup.js';
import { cgroupContainers, cgroupLines } from '../../src/collect/proc/cgroup-container.js';
import { parseEnviron } from '../../src/collect/proc/environ.js';
import { classifyFdTarget, parseFdinfo } from '../../src/collect/proc/fds.js';
import { parseLimits } from '../../src/collect/proc/limits.js';
import { parseMountinfo, parseMounts } from '../../src/collect/proc/mounts.js';
import { decodeInetAddress, parseInetTable, parseUnixTable } from '../../src/collect/proc/net.js';
import { splitNul } from '../../src/collect/proc/nul-list.js';
import { parseStat } from '../../src/collect/proc/stat.js';
import { parseStatus } from '../../src/collect/proc/status.js';
import { fuzzParameters } from '../helpers/fuzz.js';

const anyText = fc.string({ unit: 'binary', maxLength: 400 });
const bytes = fc.uint8Array({ maxLength: 400 });
/** Text as the kernel writes it, plus the characters that matter to the parsers. */
const tableText = fc.array(fc.oneof(anyText, fc.constantFrom('\n', ' ', ':', '(', ')', ' - ', '\\040', '\\', '0000000000000000: ')), { maxLength: 60 }).map((parts) => parts.join(''));

test('every /proc text parser takes any text without throwing', () => {
  fc.assert(
    fc.property(tableText, (text) => {
      parseStatus(text);
      parseCgroup(1, text);
      parseLimits(1, text);
      parseMountinfo('mnt:[1]', text);
      parseMounts('mnt:[1]', text);
      parseInetTable(text, 'tcp', 'net:[1]');
      parseInetTable(text, 'tcp6', 'net:[1]');
      parseUnixTable(text, 'net:[1]');
      parseFdinfo(text);
      classifyFdTarget(text);
      decodeInetAddress(text);
    }),
    fuzzParameters(200),
  );
});

test('stat: any comm (spaces, parentheses, newlines) round-trips; anything else is an Error or a record', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 4_194_304 }), fc.string({ maxLength: 64 }), fc.integer({ min: 0, max: 2 ** 40 }), (pid, comm, start) => {
      const line = `${pid} (${comm}) S 1 ${pid} ${pid} 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 ${start} 0 0\n`;
      const stat = parseStat(line);
      assert.equal(stat.pid, pid);
      assert.equal(stat.comm, comm);
      assert.equal(stat.ppid, 1);
      assert.equal(stat.start_time, start);
    }),
    fuzzParameters(200),
  );
  fc.assert(
    fc.property(tableText, (text) => {
      try {
        parseStat(text);
      } catch (error) {
        assert.ok(error instanceof Error && /not a \/proc\/PID\/stat line/.test(error.message));
      }
    }),
    fuzzParameters(200),
  );
});

test('environ and cmdline: entries without NUL round-trip, and the exact bytes of every entry survive', () => {
  fc.assert(
    fc.property(fc.array(fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b.filter((x) => x !== 0))), { maxLength: 20 }), (entries) => {
      const nonEmpty = entries.filter((e) => e.length > 0);
      const joined = Buffer.concat(nonEmpty.flatMap((e) => [e, Buffer.from([0])]));
      const rows = parseEnviron(7, joined);
      assert.equal(rows.length, nonEmpty.length);
      rows.forEach((row, i) => {
        const exact = row.raw ?? Buffer.from(row.value === null ? row.name : `${row.name}=${row.value}`);
        assert.deepEqual(exact, nonEmpty[i]);
      });
      assert.equal(splitNul(joined).length, nonEmpty.length);
    }),
    fuzzParameters(200),
  );
  fc.assert(fc.property(bytes, (b) => void parseEnviron(1, b)), fuzzParameters(200));
});

/** The kernel's mangle of a mount path: space, tab, newline and backslash as octal escapes. */
const mangle = (path: Buffer) => [...path].map((b) => ([0x20, 0x09, 0x0a, 0x5c].includes(b) ? `\\${b.toString(8).padStart(3, '0')}` : String.fromCharCode(b))).join('');

test('mountinfo: any mount point bytes round-trip through the octal escapes, exactly', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 1, maxLength: 60 }), fc.uint8Array({ minLength: 1, maxLength: 30 }), (pointBytes, sourceBytes) => {
      const point = Buffer.from(pointBytes);
      const source = Buffer.from(sourceBytes.map((b) => (b === 0 ? 1 : b)));
      const mountPoint = Buffer.from(point.map((b) => (b === 0 ? 1 : b)));
      const line = `36 35 98:0 / ${mangle(mountPoint)} rw,noatime master:1 - ext3 ${mangle(source)} rw,errors=continue\n`;
      const [row] = parseMountinfo('mnt:[1]', line);
      assert.ok(row);
      assert.deepEqual(row.mount_point_raw ?? Buffer.from(row.mount_point), mountPoint);
      assert.deepEqual(row.source_raw ?? Buffer.from(row.source ?? ''), source);
      assert.equal(row.fs_type, 'ext3');
    }),
    fuzzParameters(200),
  );
});

const hex = (n: number, width: number) => n.toString(16).toUpperCase().padStart(width, '0');

test('net/unix: every socket is recorded once, forged rows in names never add or move a claimed inode', () => {
  const name = fc.oneof(fc.constant(null), fc.string({ maxLength: 30 }).map((s) => `@${s}`), fc.string({ maxLength: 30 }).map((s) => `/run/${s}`));
  const entry = fc.record({ name, forge: fc.option(fc.nat({ max: 19 })), listening: fc.boolean() });
  fc.assert(
    fc.property(fc.array(entry, { maxLength: 20 }), (entries) => {
      const inodes = entries.map((_, i) => 1000 + i);
      const lines = entries.map((e, i) => {
        const forged = e.forge !== null && e.forge < entries.length ? `\n0000000000000000: 00000002 00000000 00010000 0001 01 ${inodes[e.forge]} /FORGED` : '';
        const path = e.name === null ? (forged ? '@x' : '') : e.name.replace(/\n/g, ' ');
        return `0000000000000000: 00000002 00000000 ${hex(e.listening ? 0x10000 : 0, 8)} 0001 01 ${inodes[i]}${path || forged ? ` ${path}${forged}` : ''}`;
      });
      const rows = parseUnixTable(['Num RefCount Protocol Flags Type St Inode Path', ...lines, ''].join('\n'), 'net:[1]');
      assert.deepEqual(rows.map((r) => r.inode).sort(), [...inodes].sort());
      assert.ok(rows.every((r) => !(r.path ?? '').startsWith('/FORGED')));
    }),
    fuzzParameters(200),
  );
});

test('net/tcp: any address and port encoded the kernel way decode back', () => {
  fc.assert(
    fc.property(fc.ipV4(), fc.integer({ min: 0, max: 65535 }), (ip, port) => {
      const word = ip.split('.').map(Number).reverse().reduce((acc, b) => acc * 256 + b, 0);
      const decoded = decodeInetAddress(`${hex(word, 8)}:${hex(port, 4)}`);
      assert.deepEqual(decoded, { address: ip, port });
    }),
    fuzzParameters(200),
  );
});

test('cgroup paths: every container found has a 64-hex id, its cgroup is a prefix of the line read, and a built path is always found', () => {
  const id = fc.stringMatching(/^[0-9a-f]{64}$/);
  const component = fc.oneof(fc.constantFrom('system.slice', 'docker', 'kubepods.slice', 'user@1000.service', '..', '', 'x'), fc.string({ maxLength: 12 }).map((s) => s.replace(/[/\n]/g, '')));
  const prefix = fc.constantFrom('docker-', 'libpod-', 'cri-containerd-', 'crio-', '');
  fc.assert(
    fc.property(fc.array(component, { maxLength: 5 }), prefix, id, fc.array(component, { maxLength: 2 }), tableText, (before, pre, containerId, afterParts, noise) => {
      const path = ['', ...before, `${pre}${containerId}${pre ? '.scope' : ''}`, ...afterParts].join('/');
      const text = `${noise.replaceAll(/^\d*:/gm, '')}\n0::${path}\n`;
      const found = cgroupContainers(text);
      for (const c of found) {
        assert.match(c.containerId, /^[0-9a-f]{64}$/);
        const line = cgroupLines(text).find((l) => l.hierarchyId === c.hierarchyId && l.controllers === c.controllers);
        assert.ok(line && line.path.startsWith(c.path));
      }
      assert.ok(found.some((c) => c.containerId === containerId && c.path === path.slice(0, path.indexOf(containerId) + containerId.length + (pre ? '.scope'.length : 0))));
      cgroupContainers(noise);
    }),
    fuzzParameters(200),
  );
});

test('fdinfo: the leading fields are read as the first line starting with each key says, whatever the text', () => {
  // proc(5): one `key:<tab>value` per line; the first line starting with the key is the one that counts.
  const reference = (text: string, key: string) => /\S+/.exec(text.split('\n').find((l) => l.startsWith(`${key}:`))?.slice(key.length + 1) ?? '')?.[0];
  const line = fc.tuple(fc.constantFrom('pos', 'flags', 'mnt_id', 'ino', 'tfd', 'pos ', 'x'), fc.constantFrom(':', ': ', ':\t', ''), fc.oneof(fc.constantFrom('0', '02100002', '15', '', ' ', '18446744073709551615', '-1'), anyText));
  fc.assert(
    fc.property(fc.array(line, { maxLength: 7 }), (lines) => {
      const text = lines.map(([key, sep, value]) => `${key}${sep}${value}`).join('\n');
      const parsed = parseFdinfo(text);
      assert.equal(parsed.flags, reference(text, 'flags') ?? null);
      const pos = reference(text, 'pos');
      assert.equal(parsed.pos === null ? null : String(parsed.pos), pos !== undefined && /^-?\d{1,19}$/.test(pos) && BigInt(pos) < 2n ** 63n && BigInt(pos) >= -(2n ** 63n) ? String(BigInt(pos)) : null);
    }),
    fuzzParameters(300),
  );
});
