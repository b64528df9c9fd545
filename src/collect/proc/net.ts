import type { TableInserts } from '../../types/snapshot.generated.js';
import { formatIpv6 } from './ipv6.js';
import { exactFromBinary } from './raw-text.js';

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
      path_raw: null,
    });
  }
  return rows;
}

/** One entry line of net/unix: `Num: RefCount Protocol Flags Type St Inode[ Path]`, as the kernel prints it. */
const UNIX_ROW = /^\s*[0-9a-fA-F]+: ([0-9A-Fa-f]{8}) ([0-9A-Fa-f]{8}) ([0-9A-Fa-f]{8}) ([0-9A-Fa-f]{4}) ([0-9A-Fa-f]{2}) +(\d+)(?: (.*))?$/;

/** A line of the table that two entries could claim: a name holding a line break can forge a row. */
export interface UnixTableAmbiguity {
  readonly inode: number;
  readonly line: string;
}

/**
 * Parses /proc/PID/net/unix. A socket's name may hold line breaks (an abstract name can hold any
 * byte), so a name can spell what looks like further rows. Lines that are not rows continue the
 * name of the entry before them. When one inode is claimed by several rows, the rows after the
 * first that follow an entry with a name could be part of that name: they are folded back into
 * it (the name is stored whole) and reported through `onAmbiguous`, never recorded as sockets.
 * `text` is the table as latin1 (one character per byte), so a name that is not UTF-8 keeps its
 * exact bytes in path_raw.
 */
export function parseUnixTable(text: string, netns: string, onAmbiguous: (ambiguity: UnixTableAmbiguity) => void = () => undefined): SocketInsert[] {
  type Entry = { row: SocketInsert; raw: string; afterNamed: boolean };
  const entries: Entry[] = [];
  const claims = new Map<number, number>();
  for (const line of text.split('\n').slice(1)) {
    const match = UNIX_ROW.exec(line);
    const previous = entries[entries.length - 1];
    if (!match) {
      if (previous?.row.path != null && line !== '') {
        previous.row = { ...previous.row, path: `${previous.row.path}\n${line}` };
        previous.raw = `${previous.raw}\n${line}`;
      }
      continue;
    }
    const [, , , flags = '0', type = '', state = '', inodeText = '0', path] = match;
    const inode = Number(inodeText);
    const listening = (Number.parseInt(flags, 16) & SO_ACCEPTCON) !== 0;
    claims.set(inode, (claims.get(inode) ?? 0) + 1);
    entries.push({
      raw: line,
      afterNamed: previous?.row.path != null,
      row: {
        netns,
        proto: 'unix',
        inode,
        local_address: null,
        local_port: null,
        remote_address: null,
        remote_port: null,
        state: listening ? 'LISTENING' : (UNIX_STATES[state] ?? state),
        uid: null,
        path: path ?? null,
        socket_type: UNIX_TYPES[type] ?? type,
        path_raw: null,
      },
    });
  }
  // Of several claims to one inode, the real entry is the first that cannot lie inside a name (it
  // follows an entry without one, or opens the table): the others are folded back into the names
  // they lie in. When every claim could lie inside a name, the table cannot tell which is real
  // ("A name\nF\nR" and "R name\nF" read the same): the socket is kept once, with the first
  // claim's fields and no path, and every claim is reported.
  const winner = new Map<number, Entry>();
  const undecided = new Set<number>();
  for (const entry of entries) {
    const inode = entry.row.inode;
    if ((claims.get(inode) ?? 0) < 2) continue;
    const current = winner.get(inode);
    if (!current || (current.afterNamed && !entry.afterNamed)) winner.set(inode, entry);
  }
  for (const [inode, entry] of winner) if (entry.afterNamed) undecided.add(inode);
  const rows: SocketInsert[] = [];
  let owner: SocketInsert | undefined;
  for (const entry of entries) {
    const inode = entry.row.inode;
    const chosen = winner.get(inode);
    if (chosen === entry && undecided.has(inode)) onAmbiguous({ inode, line: entry.raw });
    if (chosen !== undefined && chosen !== entry) {
      onAmbiguous({ inode, line: entry.raw });
      // Inside the name of the entry before it: that name is stored whole. Else a duplicate no kernel prints: dropped.
      if (!undecided.has(inode) && entry.afterNamed && owner?.path != null) owner.path = `${owner.path}\n${entry.raw}`;
      continue;
    }
    owner = undecided.has(inode) ? { ...entry.row, path: null } : { ...entry.row };
    rows.push(owner);
  }
  for (const row of rows) {
    if (row.path === null) continue;
    const { text, raw } = exactFromBinary(row.path);
    row.path = text;
    row.path_raw = raw;
  }
  return rows;
}
