import type { ProcessIdentity } from './proc/scan.js';
import type { ProcessRole } from './proc/process.js';

const ANY_ID = /[0-9a-f]{64}/g;

export interface RoleContext {
  /** The engine the roles are given for (engines.id). */
  readonly engineId: string;
  /** Ids of the containers of the captured daemon (from its root and its API). */
  readonly containerIds: ReadonlySet<string>;
  /** The captured dockerd's pid, when one was found. */
  readonly dockerdPid: number | undefined;
  /** containerd sockets the captured daemon uses (its own, or the system one). */
  readonly containerdAddresses: ReadonlySet<string>;
  /** rootlesskit and its child above a rootless dockerd. */
  readonly rootlesskitPids?: ReadonlySet<number> | undefined;
}

/**
 * Picks the processes of interest and says what each is: the captured dockerd, its containerd,
 * shims and proxies, and every process inside one of its containers (by cgroup, so children and
 * `docker exec` processes count). Other processes are left out: a process in a cgroup of a
 * container this daemon does not know is another engine's, or nobody's (see unattributed.ts).
 */
export function classifyProcesses(processes: readonly ProcessIdentity[], context: RoleContext): Map<number, ProcessRole> {
  const roles = new Map<number, ProcessRole>();
  for (const p of processes) {
    const role = daemonRole(p, context) ?? containerRole(p, context);
    if (role) roles.set(p.pid, { ...role, engine_id: context.engineId });
  }
  const byPid = new Map(processes.map((q) => [q.pid, q]));
  for (const p of processes) {
    if (roles.has(p.pid)) continue;
    const container = underShim(p, byPid, roles);
    if (container) roles.set(p.pid, { role: 'container', container_id: container, engine_id: context.engineId });
  }
  return roles;
}

/**
 * The container whose shim a process descends from: where no cgroup names the container (rootless
 * Docker on cgroup v1 creates none), the shim's children are the container's processes.
 */
function underShim(p: ProcessIdentity, byPid: ReadonlyMap<number, ProcessIdentity>, roles: ReadonlyMap<number, ProcessRole>): string | undefined {
  let parent = byPid.get(p.ppid);
  for (let hops = 0; parent && hops < 64; hops++, parent = byPid.get(parent.ppid)) {
    const role = roles.get(parent.pid);
    if (role?.role === 'shim' || role?.role === 'container') return role.container_id ?? undefined;
    if (role) return undefined;
  }
  return undefined;
}

type DockerRole = Omit<ProcessRole, 'engine_id'>;

function program(p: ProcessIdentity): string {
  return (p.argv[0] ?? p.comm).split('/').pop() ?? p.comm;
}

function daemonRole(p: ProcessIdentity, context: RoleContext): DockerRole | undefined {
  const name = program(p);
  if (p.pid === context.dockerdPid) return { role: 'dockerd', container_id: null };
  if (context.rootlesskitPids?.has(p.pid)) return { role: 'rootlesskit', container_id: null };
  if (name === 'containerd' || name === 'docker-containerd') {
    const own = p.ppid === context.dockerdPid || optionValue(p.argv, '--address', '-a').some((a) => context.containerdAddresses.has(a));
    const system = context.containerdAddresses.has('/run/containerd/containerd.sock') && optionValue(p.argv, '--address', '-a').length === 0;
    return own || system ? { role: 'containerd', container_id: null } : undefined;
  }
  if (name.startsWith('containerd-shim') || name.startsWith('docker-containerd-shim')) {
    const own = optionValue(p.argv, '-address', '--address').some((a) => context.containerdAddresses.has(a)) || mentionedContainer(p, context) !== undefined;
    return own ? { role: 'shim', container_id: mentionedContainer(p, context) ?? null } : undefined;
  }
  if (name === 'docker-proxy' && p.ppid === context.dockerdPid) return { role: 'proxy', container_id: null };
  if (name === 'lxc-start') {
    const id = mentionedContainer(p, context);
    return id ? { role: 'proxy', container_id: id } : undefined;
  }
  return undefined;
}

function containerRole(p: ProcessIdentity, context: RoleContext): DockerRole | undefined {
  if (!p.cgroup) return undefined;
  let found: string | undefined;
  for (const match of p.cgroup.matchAll(ANY_ID)) if (context.containerIds.has(match[0])) found = match[0];
  return found ? { role: 'container', container_id: found } : undefined;
}

function mentionedContainer(p: ProcessIdentity, context: RoleContext): string | undefined {
  for (const arg of p.argv) for (const match of arg.matchAll(ANY_ID)) if (context.containerIds.has(match[0])) return match[0];
  return undefined;
}

/** Values of `-name value` / `-name=value` options (Go flag accepts one or two dashes). */
function optionValue(argv: readonly string[], ...names: string[]): string[] {
  const values: string[] = [];
  argv.forEach((arg, i) => {
    for (const name of names) {
      if (arg === name && argv[i + 1] !== undefined) values.push(argv[i + 1]!.replace(/^unix:\/\//, ''));
      else if (arg.startsWith(`${name}=`)) values.push(arg.slice(name.length + 1).replace(/^unix:\/\//, ''));
    }
  });
  return values;
}
