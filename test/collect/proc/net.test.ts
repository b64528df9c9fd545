import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeInetAddress, parseInetTable, parseUnixTable } from '../../../src/collect/proc/net.js';
import { formatIpv6 } from '../../../src/collect/proc/ipv6.js';

const TCP_HEADER = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';

test('IPv4 addresses are host-order hex: 0100007F:1F40 is 127.0.0.1:8000', () => {
  assert.deepEqual(decodeInetAddress('0100007F:1F40'), { address: '127.0.0.1', port: 8000 });
  assert.deepEqual(decodeInetAddress('00000000:0000'), { address: '0.0.0.0', port: 0 });
});

test('IPv6 addresses are four host-order words, printed per RFC 5952', () => {
  assert.deepEqual(decodeInetAddress('00000000000000000000000001000000:1F90'), { address: '::1', port: 8080 });
  assert.deepEqual(decodeInetAddress('00000000000000000000000000000000:0016'), { address: '::', port: 22 });
  assert.deepEqual(decodeInetAddress('0000000000000000FFFF00000100007F:0050'), { address: '::ffff:127.0.0.1', port: 80 });
  assert.deepEqual(decodeInetAddress('B80D0120000000000000000001000000:0050'), { address: '2001:db8::1', port: 80 });
  assert.equal(formatIpv6([0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1]), 'fe80::1:0:0:1');
  assert.equal(formatIpv6([0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1]), '1:0:1:0:1:0:1:1');
});

test('a tcp table names states and keeps inode and uid', () => {
  const text = [
    TCP_HEADER,
    '   0: 0100007F:1F40 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 6396 1 0000000000000000 100 0 0 10 0',
    '   1: 0100007F:1F40 0100007F:D2A4 01 00000000:00000000 00:00000000 00000000  1000        0 7001 1 0000000000000000 20 4 30 10 -1',
    '   2: 0100007F:1F40 0100007F:D2A6 06 00000000:00000000 03:00000F5B 00000000     0        0 0 3 0000000000000000',
  ].join('\n');
  const rows = parseInetTable(text, 'tcp', 'net:[4026531840]');
  assert.deepEqual(rows.map((r) => [r.local_address, r.local_port, r.remote_port, r.state, r.inode, r.uid]), [
    ['127.0.0.1', 8000, 0, 'LISTEN', 6396, 0],
    ['127.0.0.1', 8000, 53924, 'ESTABLISHED', 7001, 1000],
    ['127.0.0.1', 8000, 53926, 'TIME_WAIT', 0, 0],
  ]);
  assert.equal(rows[0]?.netns, 'net:[4026531840]');
});

test('a unix table marks listening sockets and keeps paths, abstract ones with @', () => {
  const text = [
    'Num       RefCount Protocol Flags    Type St Inode Path',
    '0000000000000000: 00000002 00000000 00010000 0001 01 7643 /var/run/docker.sock',
    '0000000000000000: 00000003 00000000 00000000 0001 03 7650 @/containerd-shim/moby/abc/shim.sock',
    '0000000000000000: 00000002 00000000 00000000 0002 01 7700',
  ].join('\n');
  assert.deepEqual(
    parseUnixTable(text, 'net:[1]').map((r) => [r.inode, r.state, r.socket_type, r.path]),
    [
      [7643, 'LISTENING', 'stream', '/var/run/docker.sock'],
      [7650, 'CONNECTED', 'stream', '@/containerd-shim/moby/abc/shim.sock'],
      [7700, 'UNCONNECTED', 'dgram', null],
    ],
  );
});

test('item 19: a unix socket name holding a newline and a fake row forges nothing; the name is stored whole', () => {
  const header = 'Num       RefCount Protocol Flags    Type St Inode Path';
  const forged = '0000000000000000: 00000002 00000000 00010000 0001 01 4242 /FORGED/docker.sock';
  const table = [
    header,
    '0000000000000000: 00000002 00000000 00010000 0001 01 1111',
    `0000000000000000: 00000002 00000000 00010000 0001 01 4242 @evil\n${forged}`,
    '0000000000000000: 00000003 00000000 00000000 0001 03 5555',
    '0000000000000000: 00000002 00000000 00000000 0001 03 6666 @two\nlines',
    '',
  ].join('\n');
  const ambiguities: { inode: number; line: string }[] = [];
  const rows = parseUnixTable(table, 'net:[1]', (a) => ambiguities.push(a));
  assert.deepEqual(rows.map((r) => [r.inode, r.path]), [
    [1111, null],
    [4242, `@evil\n${forged}`],
    [5555, null],
    [6666, '@two\nlines'],
  ]);
  assert.deepEqual(ambiguities, [{ inode: 4242, line: forged }]);
  assert.equal(rows.find((r) => r.inode === 4242)?.state, 'LISTENING');
});

test('item 19: when every claim of an inode could lie inside a name, the socket is kept once without a path, and reported', () => {
  const header = 'Num       RefCount Protocol Flags    Type St Inode Path';
  const forged = '0000000000000000: 00000002 00000000 00010000 0001 01 4242 /FORGED/docker.sock';
  const table = [header, '0000000000000000: 00000002 00000000 00010000 0001 01 1111 /run/a.sock', `0000000000000000: 00000002 00000000 00010000 0001 01 4242 @evil\n${forged}`, ''].join('\n');
  const ambiguities: number[] = [];
  const rows = parseUnixTable(table, 'net:[1]', (a) => ambiguities.push(a.inode));
  assert.deepEqual(rows.map((r) => [r.inode, r.path]), [[1111, '/run/a.sock'], [4242, null]]);
  assert.deepEqual(ambiguities, [4242, 4242]);
});
