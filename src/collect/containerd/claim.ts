/**
 * What a process is to one containerd: its daemon (--root, or the default root), a
 * containerd-shim-*-v2 serving one of its containers (-namespace, -id, and -address when the
 * daemon's socket is known), or a process in a container's cgroup (the spec's cgroupsPath:
 * /<ns>/<id> with cgroupfs, slice:prefix:name with systemd, any v1 hierarchy or v2).
 */
import { resolve } from 'node:path';
import type { ProcessRole } from '../proc/process.js';
import type { ProcessIdentity } from '../proc/scan.js';
import { CONTAINERD_DEFAULTS, flag } from './locate.js';

export interface ContainerdClaimContext {
  readonly engineId: string;
  readonly root: string;
  /** The daemon's socket, when known. */
  readonly address: string | undefined;
  /** Container keys (<namespace>/<id>). */
  readonly containers: ReadonlySet<string>;
  /** Container keys by the cgroup path their spec gives (cgroupfs form) or by the scope name (systemd form). */
  readonly cgroups: ReadonlyMap<string, string>;
}

export function claimContainerdProcess(p: ProcessIdentity, context: ContainerdClaimContext): ProcessRole | undefined {
  const name = (p.argv[0] ?? p.comm).split('/').pop() ?? p.comm;
  const role = (role: string, containerId: string | null): ProcessRole => ({ role, container_id: containerId, engine_id: context.engineId });
  if (name === 'containerd') {
    const root = flag(p.argv, '--root') ?? (flag(p.argv, '--config') === undefined ? CONTAINERD_DEFAULTS.root : undefined);
    return root !== undefined && resolve(root) === context.root ? role('containerd', null) : undefined;
  }
  if (/^containerd-shim-.*-v2$/.test(name)) {
    const key = `${flag(p.argv, '-namespace') ?? ''}/${flag(p.argv, '-id') ?? ''}`;
    const address = flag(p.argv, '-address')?.replace(/^unix:\/\//, '');
    if (!context.containers.has(key)) return undefined;
    return context.address === undefined || address === context.address ? role('shim', key) : undefined;
  }
  const key = containerOfCgroup(p.cgroup, context.cgroups);
  return key ? role('container', key) : undefined;
}

/** The container whose cgroup holds a process: a line's path, or one of its ancestors, or one of its components (systemd scope). */
function containerOfCgroup(cgroup: string | undefined, cgroups: ReadonlyMap<string, string>): string | undefined {
  if (!cgroup || cgroups.size === 0) return undefined;
  for (const line of cgroup.split('\n')) {
    const path = line.split(':').slice(2).join(':');
    if (!path) continue;
    for (let at = path; at.length > 1; at = at.slice(0, Math.max(1, at.lastIndexOf('/')))) {
      const key = cgroups.get(at) ?? cgroups.get(at.slice(at.lastIndexOf('/') + 1));
      if (key) return key;
    }
  }
  return undefined;
}

/** The cgroup key a spec's linux.cgroupsPath gives: /a/b for cgroupfs, <prefix>-<name>.scope for systemd's slice:prefix:name. */
export function cgroupKey(cgroupsPath: string | null): string | undefined {
  if (!cgroupsPath) return undefined;
  const systemd = /^([^:/]*):([^:/]*):([^:/]+)$/.exec(cgroupsPath);
  if (systemd) return systemd[3]!.endsWith('.slice') ? systemd[3] : `${systemd[2] ? `${systemd[2]}-` : ''}${systemd[3]}.scope`;
  return cgroupsPath.startsWith('/') ? cgroupsPath : `/${cgroupsPath}`;
}
