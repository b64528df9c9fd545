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

const FDINFO_FIELD = { pos: /^pos:\s*(\S+)/m, flags: /^flags:\s*(\S+)/m, mnt_id: /^mnt_id:\s*(\S+)/m } as const;

/**
 * The fields of /proc/PID/fdinfo/FD docksnap keeps. `pos` is a 64-bit offset: a directory's, on
 * ext4, is a hash beyond 2^53, kept exact as a bigint (stored as an INTEGER all the same).
 */
export function parseFdinfo(text: string): { pos: number | bigint | null; flags: string | null; mnt_id: number | null } {
  const value = (key: keyof typeof FDINFO_FIELD) => FDINFO_FIELD[key].exec(text)?.[1];
  const pos = value('pos');
  const mntId = value('mnt_id');
  return {
    pos: pos === undefined ? null : exactOffset(pos),
    flags: value('flags') ?? null,
    mnt_id: mntId === undefined ? null : Number(mntId),
  };
}

function exactOffset(text: string): number | bigint {
  const number = Number(text);
  return Number.isSafeInteger(number) || !/^-?\d+$/.test(text) ? number : BigInt(text);
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
    // better-sqlite3 binds a bigint as an exact INTEGER; the generated row type only says number.
    rows.push({ pid, fd, target, ...classifyFdTarget(target), ...info, pos: info.pos as number | null, target_raw });
  }
  return rows.sort((a, b) => a.fd - b.fd);
}
