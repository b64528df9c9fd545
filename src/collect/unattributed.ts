import type { ProcessRole } from './proc/process.js';
import type { ProcessIdentity } from './proc/scan.js';

/**
 * The cgroup path shapes engines give a container: a path component that is a 64-hex id, or ends
 * with one after a prefix (docker-<id>.scope, libpod-<id>.scope, cri-containerd-<id>.scope,
 * crio-<id>.scope, /docker/<id>, /lxc/<id>, /kubepods/…/<id>, /libpod_parent/libpod-<id>).
 * Podman's libpod-conmon-<id> holds the monitor, not the container.
 */
const CONTAINER_CGROUP = /(?:^|\/)([a-z0-9_.-]*?-)?([0-9a-f]{64})(?:\.scope)?(?=\/|$)/gm;

/** The container id a process's cgroup names, when its path has a container's shape. */
export function containerIdOfCgroup(cgroup: string | undefined): string | undefined {
  if (!cgroup) return undefined;
  let found: string | undefined;
  for (const match of cgroup.matchAll(CONTAINER_CGROUP)) if (!(match[1] ?? '').includes('conmon')) found = match[2];
  return found;
}

/**
 * A process no engine claimed that sits in a container's cgroup: kept and marked, so a container
 * of an engine docksnap could not read is seen, never silently given to another engine.
 */
export function unattributedRole(process: ProcessIdentity): ProcessRole | undefined {
  const id = containerIdOfCgroup(process.cgroup);
  return id ? { role: 'unattributed', container_id: id, engine_id: null } : undefined;
}
