import { join } from 'node:path';
import { captureError, type CaptureError } from './errors.js';
import { readProcDir, readProcText } from './proc/read-file.js';

export interface HostFacts {
  readonly host_name: string | null;
  readonly boot_id: string | null;
  readonly kernel_release: string | null;
  readonly cgroup_version: 'v1' | 'v2' | 'hybrid' | null;
}

/** Reads the identity of the host whose /proc tree is at `procRoot` (live or saved). Never throws. */
export function readHostFacts(procRoot: string): { facts: HostFacts; errors: CaptureError[] } {
  const errors: CaptureError[] = [];
  const read = (relative: string): string | null => {
    const path = join(procRoot, relative);
    try {
      const text = readProcText(procRoot, relative);
      if (text === undefined) {
        errors.push({ phase: 'host', subject: 'host', path, code: 'ENOENT', message: 'no such file or directory (ENOENT)' });
        return null;
      }
      return text.trim() || null;
    } catch (error) {
      errors.push(captureError('host', 'host', path, error));
      return null;
    }
  };
  const facts: HostFacts = {
    host_name: read('sys/kernel/hostname'),
    boot_id: read('sys/kernel/random/boot_id'),
    kernel_release: read('sys/kernel/osrelease'),
    cgroup_version: cgroupVersion(procRoot),
  };
  return { facts, errors };
}

/** v1, v2 or hybrid from the cgroup mounts of init, else of the reader, else of the first processes of a saved tree. */
function cgroupVersion(procRoot: string): HostFacts['cgroup_version'] {
  let saved: string[] = [];
  try {
    saved = (readProcDir(procRoot, '') ?? []).filter((name) => /^\d+$/.test(name)).slice(0, 16);
  } catch {
    // no listing: only the well-known entries are tried
  }
  for (const pid of ['1', 'self', ...saved]) {
    let text: string | undefined;
    try {
      text = readProcText(procRoot, `${pid}/mountinfo`, 'procTable') ?? readProcText(procRoot, `${pid}/mounts`, 'procTable');
    } catch {
      continue;
    }
    if (text === undefined) continue;
    const types = new Set(text.split('\n').map(fsTypeOf));
    const v1 = types.has('cgroup');
    const v2 = types.has('cgroup2');
    if (v1 && v2) return 'hybrid';
    if (v1) return 'v1';
    if (v2) return 'v2';
  }
  return null;
}

/** File system type of a mountinfo line (after the ` - ` separator) or of a mounts line (third field). */
function fsTypeOf(line: string): string | undefined {
  const tokens = line.split(' ');
  const separator = tokens.indexOf('-', 6);
  return separator >= 0 ? tokens[separator + 1] : tokens[2];
}
