import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { captureError, type CaptureError } from '../errors.js';
import { traceRead } from '../../util/read-trace.js';
import { splitNul } from './nul-list.js';
import { readProcBytes, readProcText } from './read-file.js';
import { parseStat, type ProcStat } from './stat.js';

/** What a first pass over /proc learns of every process: enough to decide which ones matter. */
export interface ProcessIdentity extends ProcStat {
  readonly cmdline: Buffer;
  readonly argv: string[];
  /** Raw /proc/PID/cgroup, or undefined when unreadable. */
  readonly cgroup: string | undefined;
}

/**
 * Reads stat, cmdline and cgroup of every process under `procRoot`. Processes that exit while
 * being read are left out: they were never of interest yet.
 * @throws fs errors when `procRoot` itself cannot be listed
 */
export function scanProcesses(procRoot: string): { processes: ProcessIdentity[]; errors: CaptureError[] } {
  const processes: ProcessIdentity[] = [];
  const errors: CaptureError[] = [];
  traceRead('readdir', procRoot);
  const pids = readdirSync(procRoot)
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .sort((a, b) => a - b);
  for (const pid of pids) {
    const dir = join(procRoot, String(pid));
    try {
      const statText = readProcText(join(dir, 'stat'));
      if (statText === undefined) continue;
      const cmdline = readProcBytes(join(dir, 'cmdline')) ?? Buffer.alloc(0);
      let cgroup: string | undefined;
      try {
        cgroup = readProcText(join(dir, 'cgroup'));
      } catch (error) {
        errors.push(captureError('proc', `pid ${pid}`, join(dir, 'cgroup'), error));
      }
      processes.push({ ...parseStat(statText), cmdline, argv: splitNul(cmdline), cgroup });
    } catch (error) {
      errors.push(captureError('proc', `pid ${pid}`, dir, error));
    }
  }
  return { processes, errors };
}
