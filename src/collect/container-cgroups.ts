import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import type { TableInserts } from '../types/snapshot.generated.js';
import { isGone } from '../util/errno.js';
import { readResolvedInRoot, resolveInRoot } from '../util/fs-readonly.js';
import { READ_LIMITS } from '../util/read-limits.js';
import { captureError, captureProblem, type CaptureError } from './errors.js';
import { cgroupLines, containersOfPath, type CgroupLine } from './proc/cgroup-container.js';
import type { ProcessRole } from './proc/process.js';
import type { ProcessIdentity } from './proc/scan.js';

type CgroupRow = TableInserts['container_cgroups'];

/** The interface files read from a container's v2 cgroup (Documentation/admin-guide/cgroup-v2.rst). */
const V2_FILES = ['memory.max', 'memory.high', 'memory.current', 'pids.max', 'cpu.max', 'cpu.weight'] as const;
/** Their v1 counterparts, by the controller whose hierarchy holds them. */
const V1_FILES: Readonly<Record<string, readonly string[]>> = {
  memory: ['memory.limit_in_bytes', 'memory.usage_in_bytes'],
  pids: ['pids.max'],
  cpu: ['cpu.cfs_quota_us', 'cpu.cfs_period_us', 'cpu.shares'],
};

/**
 * Reads the limits and usage of each running container's cgroup under `cgroupRoot` (live
 * /sys/fs/cgroup, or a saved copy laid out the same way): the container's cgroup is taken from
 * the /proc/PID/cgroup of its lowest-pid process, per hierarchy. v2 files are read from the root
 * itself on a v2 host and from `unified/` on a hybrid one; v1 files from the directory named as
 * the hierarchy's controllers (`memory`, `cpu,cpuacct`, `pids`). A file the kernel does not
 * offer there (a controller not enabled, no memory.current) is skipped; a cgroup directory that is
 * missing is a capture error. Never throws.
 */
export function readContainerCgroups(
  cgroupRoot: string,
  processes: readonly ProcessIdentity[],
  roles: ReadonlyMap<number, ProcessRole>,
): { rows: CgroupRow[]; errors: CaptureError[] } {
  const rows: CgroupRow[] = [];
  const errors: CaptureError[] = [];
  const unified = 'host' in resolvedEntry(cgroupRoot, '/unified/cgroup.controllers') ? '/unified' : '';
  const done = new Set<string>();
  for (const p of [...processes].sort((a, b) => a.pid - b.pid)) {
    const role = roles.get(p.pid);
    const id = role?.role === 'container' && role.engine_id !== null ? role.container_id : null;
    if (!id || done.has(id) || !p.cgroup) continue;
    const hierarchies = cgroupLines(p.cgroup).flatMap((line) => hierarchyOf(line, id, unified));
    if (hierarchies.length === 0) continue;
    done.add(id);
    const read = new Set<string>();
    for (const hierarchy of hierarchies) {
      const subject = `container ${id}`;
      if (hierarchy.cgroupPath.split('/').some((part) => part === '..' || part === '.')) {
        errors.push(captureProblem('cgroup', subject, hierarchy.cgroupPath, 'bad-cgroup-path', 'a cgroup path with . or .. components: not followed'));
        continue;
      }
      const directory = `${hierarchy.directory}${hierarchy.cgroupPath}`;
      const found = resolvedEntry(cgroupRoot, directory);
      if ('error' in found) {
        errors.push(
          isGone(found.error)
            ? captureProblem('cgroup', subject, join(cgroupRoot, directory), 'ENOENT', "the container's cgroup is not under the cgroup root: its limits there are not captured")
            : captureError('cgroup', subject, join(cgroupRoot, directory), found.error),
        );
        continue;
      }
      for (const file of hierarchy.files) {
        if (read.has(file)) continue;
        const row = readValue(cgroupRoot, { directory, host: found.host }, file, errors, subject);
        if (!row) continue;
        read.add(file);
        rows.push({ container_id: id, file, cgroup_version: hierarchy.version, controllers: hierarchy.controllers, cgroup_path: hierarchy.cgroupPath, path: row.path, value: row.value });
      }
    }
  }
  return { rows, errors };
}

interface Hierarchy {
  readonly version: 'v1' | 'v2';
  readonly controllers: string;
  /** The hierarchy's directory under the cgroup root ('' for a v2 host's root). */
  readonly directory: string;
  readonly cgroupPath: string;
  readonly files: readonly string[];
}

/** Where one /proc/PID/cgroup line puts the container's cgroup, and which files to read there. */
function hierarchyOf(line: CgroupLine, id: string, unified: string): Hierarchy[] {
  const own = containersOfPath(line).filter((c) => c.containerId === id && !c.monitor).at(-1);
  if (!own) return [];
  if (line.hierarchyId === 0 && line.controllers === '') return [{ version: 'v2', controllers: '', directory: unified, cgroupPath: own.path, files: V2_FILES }];
  const controllers = line.controllers.split(',');
  const files = controllers.flatMap((c) => V1_FILES[c] ?? []);
  // The hierarchy's directory is named as its controllers; a hostile name with a slash is refused.
  if (files.length === 0 || line.controllers.includes('/')) return [];
  return [{ version: 'v1', controllers: line.controllers, directory: `/${line.controllers}`, cgroupPath: own.path, files }];
}

/** `path` under `root` resolved inside it and lstat'ed (a file or a directory), or why it cannot be looked at (ENOENT, EACCES, a link loop). */
function resolvedEntry(root: string, path: string): { host: string } | { error: unknown } {
  try {
    const host = resolveInRoot(root, path);
    lstatSync(host);
    return { host };
  } catch (error) {
    return { error };
  }
}

/**
 * One file of a cgroup directory already resolved inside the root: opened below the resolved
 * directory, so the path is not walked again per file; a file that is itself a link is
 * followed inside the root.
 */
function readValue(root: string, directory: { directory: string; host: string }, file: string, errors: CaptureError[], subject: string): { path: string; value: string } | undefined {
  try {
    const read = readResolvedInRoot(root, `${directory.directory}/${file}`, `${directory.host}/${file}`, { cap: READ_LIMITS.cgroupFile });
    return { path: read.path, value: read.bytes.toString('utf8').trim() };
  } catch (error) {
    if (!isGone(error)) errors.push(captureError('cgroup', subject, `${root}${directory.directory}/${file}`, error));
    return undefined;
  }
}
