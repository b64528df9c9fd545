import { containerOfCgroup } from './proc/cgroup-container.js';
import type { ProcessRole } from './proc/process.js';
import type { ProcessIdentity } from './proc/scan.js';

/** The container id a process's cgroup names (its innermost container, not a monitor's cgroup); see cgroup-container.ts for the shapes. */
export function containerIdOfCgroup(cgroup: string | undefined): string | undefined {
  return containerOfCgroup(cgroup)?.containerId;
}

/**
 * A process no engine claimed that sits in a container's cgroup: kept and marked, so a container
 * of an engine docksnap could not read is seen, never silently given to another engine.
 */
export function unattributedRole(process: ProcessIdentity): ProcessRole | undefined {
  const id = containerIdOfCgroup(process.cgroup);
  return id ? { role: 'unattributed', container_id: id, engine_id: null } : undefined;
}
