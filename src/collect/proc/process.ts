import { join } from 'node:path';
import type { InsertRows, TableInserts } from '../../types/snapshot.generated.js';
import { captureError, type CaptureError } from '../errors.js';
import { parseCgroup } from './cgroup.js';
import { parseEnviron } from './environ.js';
import { readFds } from './fds.js';
import { parseLimits } from './limits.js';
import { readProcBytes, readProcDir, readProcLink, readProcText } from './read-file.js';
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
  const dir = join(procRoot, String(pid));
  const errors: CaptureError[] = [];
  const subject = `pid ${pid}`;
  /** Runs one reader; a vanished file or a failure becomes a capture error and `fallback`. */
  function attempt<T>(file: string, read: (path: string) => T | undefined, fallback: T): T {
    const path = join(dir, file);
    try {
      const value = read(path);
      if (value !== undefined) return value;
      errors.push({ phase: 'proc', subject, path, code: 'ENOENT', message: 'no such file (ENOENT): the process exited, or a saved tree lacks it' });
    } catch (error) {
      errors.push(captureError('proc', subject, path, error));
    }
    return fallback;
  }
  const optionalLink = (name: string) => attempt(name, readProcLink, null as string | null);
  const status = attempt('status', (p) => mapText(p, parseStatus), { uids: null, gids: null, threads: null, vm_rss_kib: null, nspid: null });
  const oom = attempt('oom_score_adj', (p) => mapText(p, (t) => Number(t.trim())), null as number | null);
  const namespaces = attempt('ns', (p) => readNamespaces(p, pid), []);
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
      exe: optionalLink('exe'),
      cwd: optionalLink('cwd'),
      root: optionalLink('root'),
      state: identity.state,
      ...status,
      oom_score_adj: oom,
      net_ns: namespaceLink(namespaces, 'net') ?? null,
      // Without ns/ (a saved tree), a process is its own mount namespace as far as anyone can tell.
      mnt_ns: namespaceLink(namespaces, 'mnt') ?? `pid:${pid}`,
      engine_id: role.engine_id,
    },
    process_fds: attempt('fd', () => readFds(procRoot, pid), []),
    process_cgroups: identity.cgroup === undefined ? [] : parseCgroup(pid, identity.cgroup),
    process_namespaces: namespaces,
    process_limits: attempt('limits', (p) => mapText(p, (t) => parseLimits(pid, t)), []),
    process_environ: attempt('environ', (p) => mapBytes(p, (b) => parseEnviron(pid, b)), []),
    errors,
  };
  return capture;
}

function mapText<T>(path: string, parse: (text: string) => T): T | undefined {
  const text = readProcText(path);
  return text === undefined ? undefined : parse(text);
}

function mapBytes<T>(path: string, parse: (bytes: Buffer) => T): T | undefined {
  const bytes = readProcBytes(path);
  return bytes === undefined ? undefined : parse(bytes);
}

function readNamespaces(nsDir: string, pid: number): InsertRows<'process_namespaces'> | undefined {
  const names = readProcDir(nsDir);
  if (names === undefined) return undefined;
  const rows: InsertRows<'process_namespaces'> = [];
  for (const type of names.sort()) {
    const match = /^[\w_]+:\[(\d+)\]$/.exec(readProcLink(join(nsDir, type)) ?? '');
    if (match) rows.push({ pid, type, inode: Number(match[1]) });
  }
  return rows;
}

function namespaceLink(rows: InsertRows<'process_namespaces'>, type: string): string | undefined {
  const row = rows.find((r) => r.type === type);
  return row ? `${type}:[${row.inode}]` : undefined;
}
