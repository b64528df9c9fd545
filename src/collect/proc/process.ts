import { join } from 'node:path';
import type { InsertRows, TableInserts } from '../../types/snapshot.generated.js';
import { captureError, type CaptureError } from '../errors.js';
import { parseCgroup } from './cgroup.js';
import { parseEnviron } from './environ.js';
import { readFds } from './fds.js';
import { parseLimits } from './limits.js';
import { readProcBytes, readProcDir, readProcLink, readProcLinkBytes, readProcText } from './read-file.js';
import { exactText } from './raw-text.js';
import type { ProcessIdentity } from './scan.js';
import { parseStatus } from './status.js';

/** The child tables of `processes`, keyed by pid. */
export type ProcessChildTable = 'process_fds' | 'process_cgroups' | 'process_namespaces' | 'process_limits' | 'process_environ';
type ProcessChildRows = { readonly [T in ProcessChildTable]: InsertRows<T> };

/** Everything docksnap keeps of one process, as rows of the process tables. */
export interface ProcessCapture extends ProcessChildRows {
  readonly process: TableInserts['processes'];
  readonly errors: CaptureError[];
}

export interface ProcessRole {
  readonly role: string;
  readonly container_id: string | null;
  /** The engine the process belongs to; null when unattributed (or not yet known). */
  readonly engine_id: string | null;
}

/**
 * Reads the full /proc state of a process found by the scan. Never throws: what cannot be
 * read (vanished, EACCES) becomes a capture error and the rest is kept.
 */
export function readProcess(procRoot: string, identity: ProcessIdentity, role: ProcessRole): ProcessCapture {
  const pid = identity.pid;
  const dir = String(pid);
  const errors: CaptureError[] = [];
  const subject = `pid ${pid}`;
  /** Runs one reader; a vanished file or a failure becomes a capture error and `fallback`. */
  function attempt<T>(file: string, read: (relative: string) => T | undefined, fallback: T): T {
    const relative = `${dir}/${file}`;
    try {
      const value = read(relative);
      if (value !== undefined) return value;
      errors.push({ phase: 'proc', subject, path: join(procRoot, relative), code: 'ENOENT', message: 'no such file (ENOENT): the process exited, or a saved tree lacks it' });
    } catch (error) {
      errors.push(captureError('proc', subject, join(procRoot, relative), error));
    }
    return fallback;
  }
  const optionalLink = (name: string) => {
    const bytes = attempt(name, (p) => readProcLinkBytes(procRoot, p), null as Buffer | null);
    return bytes === null ? { text: null, raw: null } : exactText(bytes);
  };
  const [exe, cwd, root] = [optionalLink('exe'), optionalLink('cwd'), optionalLink('root')];
  const status = attempt('status', (p) => mapText(procRoot, p, parseStatus), { uids: null, gids: null, threads: null, vm_rss_kib: null, nspid: null });
  const oom = attempt('oom_score_adj', (p) => mapText(procRoot, p, (t) => Number(t.trim())), null as number | null);
  const namespaces = attempt('ns', (p) => readNamespaces(procRoot, p, pid), []);
  const capture: ProcessCapture = {
    process: {
      pid,
      start_time: identity.start_time,
      ppid: identity.ppid,
      role: role.role,
      container_id: role.container_id,
      comm: identity.comm,
      cmdline: identity.cmdline,
      argv: JSON.stringify(identity.argv),
      exe: exe.text,
      cwd: cwd.text,
      root: root.text,
      state: identity.state,
      ...status,
      oom_score_adj: oom,
      net_ns: namespaceLink(namespaces, 'net') ?? null,
      // Without ns/ (a saved tree), a process is its own mount namespace as far as anyone can tell.
      mnt_ns: namespaceLink(namespaces, 'mnt') ?? `pid:${pid}`,
      engine_id: role.engine_id,
      comm_raw: identity.comm_raw ?? null,
      exe_raw: exe.raw,
      cwd_raw: cwd.raw,
      root_raw: root.raw,
    },
    process_fds: attempt('fd', () => readFds(procRoot, pid), []),
    process_cgroups: identity.cgroup === undefined ? [] : parseCgroup(pid, identity.cgroup),
    process_namespaces: namespaces,
    process_limits: attempt('limits', (p) => mapText(procRoot, p, (t) => parseLimits(pid, t)), []),
    process_environ: attempt('environ', (p) => mapBytes(procRoot, p, (b) => parseEnviron(pid, b)), []),
    errors,
  };
  return capture;
}

function mapText<T>(procRoot: string, path: string, parse: (text: string) => T): T | undefined {
  const text = readProcText(procRoot, path);
  return text === undefined ? undefined : parse(text);
}

function mapBytes<T>(procRoot: string, path: string, parse: (bytes: Buffer) => T): T | undefined {
  const bytes = readProcBytes(procRoot, path);
  return bytes === undefined ? undefined : parse(bytes);
}

function readNamespaces(procRoot: string, nsDir: string, pid: number): InsertRows<'process_namespaces'> | undefined {
  const names = readProcDir(procRoot, nsDir);
  if (names === undefined) return undefined;
  const rows: InsertRows<'process_namespaces'> = [];
  for (const type of names.sort()) {
    const match = /^[\w_]+:\[(\d+)\]$/.exec(readProcLink(procRoot, `${nsDir}/${type}`) ?? '');
    if (match) rows.push({ pid, type, inode: Number(match[1]) });
  }
  return rows;
}

function namespaceLink(rows: InsertRows<'process_namespaces'>, type: string): string | undefined {
  const row = rows.find((r) => r.type === type);
  return row ? `${type}:[${row.inode}]` : undefined;
}
