import type { TableInserts } from '../../types/snapshot.generated.js';
import { formatIpv6 } from './ipv6.js';

export type SocketInsert = TableInserts['sockets'];

const TCP_STATES: Readonly<Record<string, string>> = {
  '01': 'ESTABLISHED',
  '02': 'SYN_SENT',
  '03': 'SYN_RECV',
  '04': 'FIN_WAIT1',
  '05': 'FIN_WAIT2',
  '06': 'TIME_WAIT',
  '07': 'CLOSE',
  '08': 'CLOSE_WAIT',
  '09': 'LAST_ACK',
  '0A': 'LISTEN',
  '0B': 'CLOSING',
  '0C': 'NEW_SYN_RECV',
};

const UNIX_TYPES: Readonly<Record<string, string>> = { '0001': 'stream', '0002': 'dgram', '0005': 'seqpacket' };
const UNIX_STATES: Readonly<Record<string, string>> = { '01': 'UNCONNECTED', '02': 'CONNECTING', '03': 'CONNECTED', '04': 'DISCONNECTING' };
/** __SO_ACCEPTCON in the Flags column: a listening stream socket. */
const SO_ACCEPTCON = 0x10000;

export type InetProto = 'tcp' | 'tcp6' | 'udp' | 'udp6';

/** `0100007F:1F40` → 127.0.0.1, 8000 (IPv4 in host byte order; IPv6 as four host-order words). */
export function decodeInetAddress(hex: string): { address: string; port: number } {
  const [addressHex = '', portHex = ''] = hex.split(':');
  const bytes: number[] = [];
  for (let word = 0; word < addressHex.length; word += 8) {
    const value = Number.parseInt(addressHex.slice(word, word + 8), 16);
    bytes.push(value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, value >>> 24);
  }
  const address = bytes.length === 4 ? bytes.join('.') : formatIpv6(bytes);
  return { address, port: Number.parseInt(portHex, 16) };
}

/** Parses /proc/PID/net/{tcp,tcp6,udp,udp6}. */
export function parseInetTable(text: string, proto: InetProto, netns: string): SocketInsert[] {
  const rows: SocketInsert[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10 || f[1] === undefined || f[2] === undefined || f[3] === undefined) continue;
    const local = decodeInetAddress(f[1]);
    const remote = decodeInetAddress(f[2]);
    const state = TCP_STATES[f[3].toUpperCase()] ?? f[3];
    rows.push({
      netns,
      proto,
      inode: Number(f[9]),
      local_address: local.address,
      local_port: local.port,
      remote_address: remote.address,
      remote_port: remote.port,
      state,
      uid: Number(f[7]),
      path: null,
      socket_type: null,
    });
  }
  return rows;
}

/** Parses /proc/PID/net/unix: `Num RefCount Protocol Flags Type St Inode [Path]`. */
export function parseUnixTable(text: string, netns: string): SocketInsert[] {
  const rows: SocketInsert[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 7 || f[3] === undefined || f[4] === undefined || f[5] === undefined) continue;
    const listening = (Number.parseInt(f[3], 16) & SO_ACCEPTCON) !== 0;
    rows.push({
      netns,
      proto: 'unix',
      inode: Number(f[6]),
      local_address: null,
      local_port: null,
      remote_address: null,
      remote_port: null,
      state: listening ? 'LISTENING' : (UNIX_STATES[f[5]] ?? f[5]),
      uid: null,
      path: f.length > 7 ? f.slice(7).join(' ') : null,
      socket_type: UNIX_TYPES[f[4]] ?? f[4],
    });
  }
  return rows;
}
