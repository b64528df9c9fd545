/**
 * Entity identity: how each kind of entity, and each list inside an entity, is keyed, so that
 * snapshots are matched by what things are and never by their position.
 */
import type { DiffMode } from './types.js';

/** Containers: by id on one host; by name across hosts (ids are random per host). */
export function containerMatchKey(container: { id: string; name: string | null }, mode: DiffMode): string {
  return mode === 'same-host' ? container.id : (container.name ?? container.id);
}

/** The engine kind of an engines.id (docker, podman); a version-1 snapshot's NULL is its one Docker engine. */
export function engineKind(engineId: string | null): string {
  return engineId === null ? 'docker' : (engineId.split(':', 1)[0] ?? 'docker');
}

/**
 * Containers are matched within their engine kind (a Docker and a Podman container never pair),
 * unless across engines was asked: then by name alone, as after a migration from one to the other.
 */
export function engineScopedMatch(match: string, engine: string, name: string | null, acrossEngines: boolean): string {
  return acrossEngines ? (name ?? match) : `${engine}\n${match}`;
}

/** On one host, a container that is gone and one that is new under the same name are the same container, recreated. */
export function containerRecreatedKey(container: { name: string | null }): string | null {
  return container.name;
}

/** How a container is named in a report and as the owner of processes and files. */
export function containerLabel(container: { id: string; name: string | null }): string {
  return container.name ?? container.id.slice(0, 12);
}

/** Owner label of daemon files, in parentheses so that no container name can take it. */
export const DAEMON_OWNER = '(daemon)';

/** Files: by owner and role (`web/hosts`, `(daemon)/daemon.json`). */
export function fileKey(ownerLabel: string, role: string): string {
  return `${ownerLabel}/${role}`;
}

/**
 * What a process is called before its identity is added: its role for the daemon's processes
 * (`dockerd`, `shim web`), its container and command line for a container's.
 */
export function processLabel(role: string, ownerLabel: string | null, argv: readonly string[]): string {
  if (role === 'container') return `${ownerLabel ?? '?'}: ${argv.join(' ')}`;
  if (role === 'shim' || (role === 'proxy' && ownerLabel)) return `${role} ${ownerLabel ?? '?'}`;
  if (role === 'proxy') return `proxy ${argv.slice(1).join(' ')}`;
  return role;
}

/**
 * Processes: by (pid, start time) on one host; across hosts, a container's processes by
 * (executable + argv) within their container and the daemon's by role, each with an ordinal
 * among equals (oldest first).
 */
export function processMatchKey(p: { pid: number; start_time: number | null; role: string; exe: string | null }, label: string, mode: DiffMode): string {
  if (mode === 'same-host') return `${p.pid}:${p.start_time ?? '?'}`;
  return p.role === 'container' ? `${label} [${p.exe ?? '?'}]` : label;
}

export function processKey(p: { pid: number; role: string; exe: string | null }, label: string, mode: DiffMode): string {
  if (mode === 'same-host') return `${label} (pid ${p.pid})`;
  return p.role === 'container' ? `${label} [${p.exe ?? '?'}]` : label;
}

/**
 * Fds: a container process's by number (0, 1, 2 mean something); a daemon process's by their
 * (normalized) target, since its fd numbers only record the order in which it happened to open
 * things, and a number reused for another file must not pair two unrelated files.
 */
export function fdKey(fd: { fd: number; target: string }, role: string, normalize: (text: string) => string): string {
  return role !== 'container' ? normalize(fd.target) : String(fd.fd);
}

/** Exec sessions within their container: by process on one host, by command line across hosts. */
export function execKey(p: { pid: number; start_time: number | null; argv: readonly string[] }, mode: DiffMode): string {
  return mode === 'same-host' ? `${p.pid}:${p.start_time ?? '?'}` : p.argv.join(' ');
}

/** Sockets: by protocol, local address and port. */
export function socketKey(s: { proto: string; local_address: string; local_port: number }): string {
  return `${s.proto} ${s.local_address.includes(':') ? `[${s.local_address}]` : s.local_address}:${s.local_port}`;
}

/** Ports: the whole binding (`80/tcp 0.0.0.0:8080`), or the port alone when only exposed. */
export function portKey(p: { container_port: number; proto: string; host_ip: string; host_port: number | null }): string {
  const port = `${p.container_port}/${p.proto}`;
  return p.host_port === null ? port : `${port} ${p.host_ip || '0.0.0.0'}:${p.host_port}`;
}

/** cgroup lines: by hierarchy and controllers (`0:` for v2, `4:memory` for a v1 hierarchy). */
export function cgroupKey(c: { hierarchy_id: number; controllers: string }): string {
  return `${c.hierarchy_id}:${c.controllers}`;
}

/**
 * Arrays inside Docker's documents whose order means nothing, by the document's path: a set of
 * strings, or objects keyed by one of their fields. Arrays not listed keep their order (Cmd,
 * Dns, DnsSearch, Healthcheck.Test…), which deep-diff then compares by index.
 */
export const UNORDERED_ARRAYS: Readonly<Record<string, 'set' | { readonly keyField: string }>> = {
  '/HostConfig/CapAdd': 'set',
  '/HostConfig/CapDrop': 'set',
  '/HostConfig/SecurityOpt': 'set',
  '/HostConfig/GroupAdd': 'set',
  '/HostConfig/ExtraHosts': 'set',
  '/HostConfig/Links': 'set',
  '/HostConfig/VolumesFrom': 'set',
  '/HostConfig/MaskedPaths': 'set',
  '/HostConfig/ReadonlyPaths': 'set',
  '/HostConfig/DeviceCgroupRules': 'set',
  '/HostConfig/DnsOptions': 'set',
  '/HostConfig/Devices': { keyField: 'PathInContainer' },
  '/HostConfig/Ulimits': { keyField: 'Name' },
  '/HostConfig/BlkioWeightDevice': { keyField: 'Path' },
  '/HostConfig/BlkioDeviceReadBps': { keyField: 'Path' },
  '/HostConfig/BlkioDeviceWriteBps': { keyField: 'Path' },
  '/HostConfig/BlkioDeviceReadIOps': { keyField: 'Path' },
  '/HostConfig/BlkioDeviceWriteIOps': { keyField: 'Path' },
  '/Config/OnBuild': 'set',
  '/info/SecurityOptions': 'set',
  '/info/Labels': 'set',
  '/content/insecure-registries': 'set',
  '/content/hosts': 'set',
  '/content/labels': 'set',
  '/content/exec-opts': 'set',
  '/content/storage-opts': 'set',
  '/content/options': 'set',
};

/**
 * Lists whose entries take a new identity when one field changes: an fd number that now points
 * at another target is one change (of its target), not also a change of its flags, kind, mount.
 */
export const ENTRY_IDENTITY_FIELDS: Readonly<Record<string, string>> = { fds: 'target' };

/**
 * Images among many hosts (compare): by tag, the name hosts deploy by, so a tag that points at
 * another image on one host is a difference of that tag; an untagged image by its id.
 */
export function imageTagKeys(image: { id: string }, tags: readonly string[]): string[] {
  return tags.length > 0 ? [...new Set(tags)] : [image.id];
}
