import { join } from 'node:path';
import { captureError, type CaptureError } from '../errors.js';
import { splitNul } from './nul-list.js';
import { exactText } from './raw-text.js';
import { readProcBytes, readProcDir, readProcText } from './read-file.js';
import { parseStat, type ProcStat } from './stat.js';

/** What a first pass over /proc learns of every process: enough to decide which ones matter. */
export interface ProcessIdentity extends ProcStat {
  readonly cmdline: Buffer;
  readonly argv: string[];
  /** comm's exact bytes when they are not UTF-8 (comm then holds U+FFFD); null otherwise. */
  readonly comm_raw?: Buffer | null;
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
  const listing = readProcDir(procRoot, '');
  if (listing === undefined) throw Object.assign(new Error(`${procRoot}: no such directory`), { code: 'ENOENT' });
  const pids = listing
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .sort((a, b) => a - b);
  for (const pid of pids) {
    const dir = join(procRoot, String(pid));
    try {
      const statBytes = readProcBytes(procRoot, `${pid}/stat`, 'procFile');
      if (statBytes === undefined) continue;
      const cmdline = readProcBytes(procRoot, `${pid}/cmdline`) ?? Buffer.alloc(0);
      let cgroup: string | undefined;
      try {
        cgroup = readProcText(procRoot, `${pid}/cgroup`);
      } catch (error) {
        errors.push(captureError('proc', `pid ${pid}`, join(dir, 'cgroup'), error));
      }
      processes.push({ ...parseStat(statBytes.toString('utf8')), comm_raw: commBytes(statBytes), cmdline, argv: splitNul(cmdline), cgroup });
    } catch (error) {
      errors.push(captureError('proc', `pid ${pid}`, dir, error));
    }
  }
  return { processes, errors };
}

/** The bytes between the first `(` and the last `)` of a stat line, when they are not UTF-8. */
function commBytes(stat: Buffer): Buffer | null {
  const open = stat.indexOf(0x28);
  const close = stat.lastIndexOf(0x29);
  return open < 0 || close < open ? null : exactText(stat.subarray(open + 1, close)).raw;
}
