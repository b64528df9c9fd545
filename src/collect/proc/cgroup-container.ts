/**
 * What a process's /proc/PID/cgroup says about the container it runs in, for every layout in use:
 * - Docker, systemd driver (v1, v2, hybrid): /system.slice/docker-<id>.scope
 * - Docker, cgroupfs driver: /docker/<id>; the 2013 LXC driver: /lxc/<id>
 * - Podman: /machine.slice/libpod-<id>.scope, /libpod_parent/libpod-<id>; its monitor libpod-conmon-<id>.scope
 * - Kubernetes, systemd driver: /kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod<uid>.slice/cri-containerd-<id>.scope
 *   (crio-<id>.scope, docker-<id>.scope); cgroupfs: /kubepods/burstable/pod<uid>/<id>
 * - containerd outside Kubernetes: /<namespace>/<id>, /system.slice/containerd-<id>.scope
 * - rootless engines: the same shapes under /user.slice/user-<uid>.slice/user@<uid>.service/
 * Any engine module can read its containers' processes from it; the ids decide, the hint only says
 * which engine the shape belongs to.
 */

export type EngineHint = 'docker' | 'podman' | 'containerd' | 'cri-o';
export type QosClass = 'guaranteed' | 'burstable' | 'besteffort';

export interface CgroupContainer {
  readonly containerId: string;
  /** The engine whose naming the path has; null when the shape is shared (a bare id under kubepods or a containerd namespace). */
  readonly engineHint: EngineHint | null;
  /** True for an engine's monitor cgroup (libpod-conmon-<id>, crio-conmon-<id>): the container's conmon, not the container. */
  readonly monitor: boolean;
  /** Kubernetes pod uid (a systemd slice's underscores turned back into dashes); undefined outside kubepods. */
  readonly podUid?: string;
  /** Kubernetes QoS class of the pod's slice; undefined outside kubepods. */
  readonly qosClass?: QosClass;
  /** The uid whose systemd user instance (user@<uid>.service) holds the cgroup: a rootless engine's container. */
  readonly rootlessUid?: number;
  /** The container's cgroup: the path up to and including the component naming it. */
  readonly path: string;
  /** Hierarchy id of the line it came from (0: the v2 unified hierarchy). */
  readonly hierarchyId: number;
  /** Controllers of that line ('' for v2). */
  readonly controllers: string;
}

export interface CgroupLine {
  readonly hierarchyId: number;
  readonly controllers: string;
  readonly path: string;
}

const ID_COMPONENT = /^(?:([a-z0-9_.-]*?)-)?([0-9a-f]{64})(?:\.scope)?$/;
const POD_COMPONENT = /^(?:kubepods(?:-(?:burstable|besteffort))?-)?pod([0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12})(?:\.slice)?$/;
const PREFIX_HINTS: Readonly<Record<string, EngineHint>> = {
  docker: 'docker',
  libpod: 'podman',
  'cri-containerd': 'containerd',
  containerd: 'containerd',
  crio: 'cri-o',
};
const PARENT_HINTS: Readonly<Record<string, EngineHint>> = { docker: 'docker', lxc: 'docker', libpod_parent: 'podman' };
const MONITOR_PREFIXES: Readonly<Record<string, EngineHint>> = { 'libpod-conmon': 'podman', 'crio-conmon': 'cri-o' };

/** The lines of /proc/PID/cgroup (`hierarchy:controllers:path`); malformed lines are skipped. */
export function cgroupLines(text: string): CgroupLine[] {
  const lines: CgroupLine[] = [];
  for (const line of text.split('\n')) {
    const first = line.indexOf(':');
    const second = line.indexOf(':', first + 1);
    if (first <= 0 || second < 0 || !/^\d+$/.test(line.slice(0, first))) continue;
    lines.push({ hierarchyId: Number(line.slice(0, first)), controllers: line.slice(first + 1, second), path: line.slice(second + 1) });
  }
  return lines;
}

/**
 * Every container a cgroup file's path names, outermost first (a container in a container gives
 * two), from the first line that names any: the v2 line (0::) first, then the v1 lines in order,
 * so a hybrid host whose unified line names none still gives the v1 controllers' container.
 */
export function cgroupContainers(text: string | undefined): CgroupContainer[] {
  if (!text) return [];
  const lines = cgroupLines(text);
  const ordered = [...lines.filter((l) => l.hierarchyId === 0), ...lines.filter((l) => l.hierarchyId !== 0)];
  for (const line of ordered) {
    const found = containersOfPath(line);
    if (found.length > 0) return found;
  }
  return [];
}

/** The innermost container (not a monitor) the cgroup names. */
export function containerOfCgroup(text: string | undefined): CgroupContainer | undefined {
  return cgroupContainers(text).filter((c) => !c.monitor).at(-1);
}

/** The innermost container (not a monitor) the cgroup names among an engine's own container ids. */
export function ownContainerOfCgroup(text: string | undefined, containerIds: ReadonlySet<string>): CgroupContainer | undefined {
  return cgroupContainers(text).filter((c) => !c.monitor && containerIds.has(c.containerId)).at(-1);
}

/** The containers one line's path names, outermost first. */
export function containersOfPath(line: CgroupLine): CgroupContainer[] {
  // A removed v2 cgroup keeps its processes' files readable with " (deleted)" after the path.
  const parts = line.path.replace(/ \(deleted\)$/, '').split('/');
  const found: CgroupContainer[] = [];
  let podUid: string | undefined;
  let qosClass: QosClass | undefined;
  let rootlessUid: number | undefined;
  let inKubepods = false;
  parts.forEach((part, index) => {
    if (part === 'kubepods' || part === 'kubepods.slice') {
      inKubepods = true;
      qosClass = 'guaranteed';
    } else if (inKubepods && /^(?:kubepods-)?(burstable|besteffort)(?:\.slice)?$/.test(part)) {
      qosClass = part.includes('burstable') ? 'burstable' : 'besteffort';
    }
    const pod = inKubepods ? POD_COMPONENT.exec(part) : null;
    if (pod) podUid = pod[1]!.replaceAll('_', '-');
    const user = /^user@(\d+)\.service$/.exec(part);
    if (user) rootlessUid = Number(user[1]);
    const match = ID_COMPONENT.exec(part);
    if (!match) return;
    const prefix = match[1] ?? '';
    const monitorHint = MONITOR_PREFIXES[prefix];
    const engineHint = monitorHint ?? PREFIX_HINTS[prefix] ?? (prefix === '' && !inKubepods ? PARENT_HINTS[parts[index - 1] ?? ''] : undefined) ?? null;
    found.push({
      containerId: match[2]!,
      engineHint,
      monitor: monitorHint !== undefined || prefix.endsWith('conmon'),
      ...(podUid !== undefined ? { podUid } : {}),
      ...(qosClass !== undefined ? { qosClass } : {}),
      ...(rootlessUid !== undefined ? { rootlessUid } : {}),
      path: parts.slice(0, index + 1).join('/'),
      hierarchyId: line.hierarchyId,
      controllers: line.controllers,
    });
  });
  return found;
}
