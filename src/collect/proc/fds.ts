import type { ProcessFdRow } from '../../types/snapshot.generated.js';
import { readProcDir, readProcLinkBytes, readProcText } from './read-file.js';
import { exactText } from './raw-text.js';

/** socket:[123] → socket, 123; pipe:[9] → pipe, 9; anon_inode:[eventpoll] → anon_inode; /dev/… → device; /… → file. */
export function classifyFdTarget(target: string): { kind: string; inode: number | null } {
  const bracketed = /^(socket|pipe):\[(\d+)\]$/.exec(target);
  if (bracketed) return { kind: bracketed[1]!, inode: Number(bracketed[2]) };
  if (target.startsWith('anon_inode:')) return { kind: 'anon_inode', inode: null };
  if (target.startsWith('/dev/') && !target.startsWith('/dev/shm/') && !target.startsWith('/dev/mqueue/')) {
    return { kind: 'device', inode: null };
  }
  if (target.startsWith('/')) return { kind: 'file', inode: null };
  return { kind: 'other', inode: null };
}

/** The fdinfo fields kept (proc(5): pos, flags, mnt_id, then per-kind fields). */
const FDINFO_KEYS = ['pos', 'flags', 'mnt_id'] as const;
type FdinfoKey = (typeof FDINFO_KEYS)[number];

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * A signed 64-bit decimal as SQLite stores it: a number while a double holds it exactly, else a
 * bigint (a directory's pos on a hashed file system is a cookie near 2^63, and a double there
 * would be stored as REAL); null for anything else.
 */
function int64(text: string | undefined): number | bigint | null {
  if (text === undefined || !/^-?\d{1,19}$/.test(text)) return null;
  const value = BigInt(text);
  if (value < INT64_MIN || value > INT64_MAX) return null;
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

export function parseFdinfo(text: string): { pos: number | bigint | null; flags: string | null; mnt_id: number | null } {
  const fields = fdinfoFields(text);
  const mntId = int64(fields.get('mnt_id'));
  return {
    pos: int64(fields.get('pos')),
    flags: fields.get('flags') ?? null,
    mnt_id: typeof mntId === 'number' ? mntId : null,
  };
}

/**
 * Each kept key's value: the first token after `key:` on the first line that starts with it
 * (undefined when that line holds none). A line scan that stops once every key is seen, with no
 * regular expression over the whole text: a host has thousands of fds.
 */
function fdinfoFields(text: string): Map<FdinfoKey, string | undefined> {
  const fields = new Map<FdinfoKey, string | undefined>();
  for (let start = 0; start < text.length && fields.size < FDINFO_KEYS.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    const colon = text.indexOf(':', start);
    const key = colon >= 0 && colon < end ? text.slice(start, colon) : '';
    if ((FDINFO_KEYS as readonly string[]).includes(key) && !fields.has(key as FdinfoKey)) fields.set(key as FdinfoKey, /\S+/.exec(text.slice(colon + 1, end))?.[0]);
    start = end + 1;
  }
  return fields;
}

/**
 * Every open descriptor of `pid` with its link target and fdinfo. A descriptor closed while
 * being read is left out; a process that vanished gives undefined.
 * @throws fs errors other than ENOENT (EACCES when not root)
 */
export function readFds(procRoot: string, pid: number): ProcessFdRow[] | undefined {
  // Plain concatenation: path.join costs more than the readlink itself on hosts with thousands of fds.
  const base = `${pid}/`;
  const names = readProcDir(procRoot, `${base}fd`);
  if (names === undefined) return undefined;
  const rows: ProcessFdRow[] = [];
  for (const name of names) {
    const fd = Number(name);
    if (!Number.isInteger(fd)) continue;
    const link = readProcLinkBytes(procRoot, `${base}fd/${name}`);
    if (link === undefined) continue;
    const { text: target, raw: target_raw } = exactText(link);
    let info: ReturnType<typeof parseFdinfo> = { pos: null, flags: null, mnt_id: null };
    try {
      const text = readProcText(procRoot, `${base}fdinfo/${name}`);
      if (text !== undefined) info = parseFdinfo(text);
    } catch {
      // fdinfo is a detail: a saved tree may lack it, and the link above is what matters.
    }
    // A bigint pos is bound by better-sqlite3 as an exact INTEGER; it reads back as a number.
    rows.push({ pid, fd, target, ...classifyFdTarget(target), ...info, pos: info.pos as number | null, target_raw });
  }
  return rows.sort((a, b) => a.fd - b.fd);
}
