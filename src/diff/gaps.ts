/**
 * What one snapshot could not read, from its capture_error rows: parts of entities (a process's
 * fds, a container's HostConfig) and whole entities it may have missed (containers only the API
 * knew, when the API was down). A difference that falls in a gap is unknown, never a removal.
 */
import type { DaemonRecord } from '../read/daemon-record.js';
import type { CaptureErrorView } from '../read/meta.js';
import type { Entity } from './entity.js';
import { isUnder } from './pointer.js';
import type { EntityKind } from './types.js';

export interface Gap {
  readonly kind: EntityKind;
  /** The entity's native id; '*' for every entity of the kind in this snapshot. */
  readonly nativeId: string;
  readonly path: string;
  readonly reason: string;
  /** When a '*' gap covers only some entities of the kind (the processes of one mount namespace). */
  readonly applies?: (entity: Entity) => boolean;
}

/** Entities of a kind this snapshot may lack without them being gone. */
export interface Missed {
  readonly kind: EntityKind;
  readonly reason: string;
  readonly applies: (other: Entity) => boolean;
}

export interface SideGaps {
  /** Gaps of one entity, by `<kind> <native id>`; those of every entity of a kind under `<kind> *`. */
  readonly gaps: ReadonlyMap<string, readonly Gap[]>;
  readonly missed: readonly Missed[];
}

const PROC_FILE_PATHS: Readonly<Record<string, readonly string[]>> = {
  fd: ['/fds'],
  fdinfo: ['/fds'],
  environ: ['/environ'],
  mountinfo: ['/mounts'],
  mounts: ['/mounts'],
  limits: ['/limits'],
  ns: ['/namespaces'],
  cgroup: ['/cgroups'],
  status: ['/uids', '/gids', '/threads', '/vm_rss_kib', '/nspid'],
  exe: ['/exe'],
  cwd: ['/cwd'],
  root: ['/root'],
  oom_score_adj: ['/oom_score_adj'],
};

const ETC_ROLES = new Set(['hostname', 'hosts', 'resolv.conf', 'config.env']);
const fromApi = (e: Entity) => e.source === 'api';

/**
 * The gaps of one snapshot: from its capture errors, and from a capture that found dockerd
 * processes but could not tell which one it was to describe (its API endpoint did not answer).
 */
export function sideGaps(errors: readonly CaptureErrorView[], daemon: DaemonRecord): SideGaps {
  const gaps: Gap[] = [];
  const missed: Missed[] = [];
  if (daemon.daemon === null && daemon.dockerds > 0) {
    const reason = `no dockerd identified as the captured daemon (${daemon.dockerds} dockerd processes found): the daemon's processes were not captured`;
    missed.push({ kind: 'process', reason, applies: (p) => p.role !== 'container' && p.role !== 'shim' });
    gaps.push(...['/pidfile', '/hosts', '/containerd_address', '/sockets'].map((path) => ({ kind: 'daemon' as const, nativeId: '*', path, reason })));
  }
  for (const e of errors) {
    const reason = `${e.phase} ${e.subject}${e.path ? ` ${e.path}` : ''}: ${e.message}`;
    const gap = (kind: EntityKind, nativeId: string, ...paths: string[]) => gaps.push(...paths.map((path) => ({ kind, nativeId, path, reason })));
    const name = (e.path ?? '').split('/').pop() ?? '';
    if (e.phase === 'api') {
      if (e.path === '/version' || e.code === 'skipped' || e.path === '/containers/json') missed.push({ kind: 'container', reason, applies: fromApi });
      if (e.path === '/version' || e.code === 'skipped' || e.path === '/images/json') missed.push({ kind: 'image', reason, applies: fromApi });
      if (e.path === '/version' || e.code === 'skipped') gap('daemon', '*', '/docker_version', '/info', '/networks');
      if (e.path === '/info') gap('daemon', '*', '/info');
      if (e.path === '/networks') gap('daemon', '*', '/networks');
      const inspected = /^\/containers\/([0-9a-f]{64})\/json$/.exec(e.path ?? '')?.[1];
      if (inspected) missed.push({ kind: 'container', reason, applies: (c) => fromApi(c) && c.nativeId === inspected });
    } else if (e.phase === 'docker-root') {
      const container = /^container ([0-9a-f]{64})$/.exec(e.subject)?.[1];
      if (e.subject === 'docker root') {
        for (const kind of ['container', 'image', 'file'] as const) missed.push({ kind, reason, applies: () => true });
        gap('container', '*', '/layers', '/log', '/mount_id');
      } else if (container && ETC_ROLES.has(name)) {
        gap('file', `${container}/${name}`, '');
        missed.push({ kind: 'file', reason, applies: (f) => f.nativeId.endsWith(`/${name}`) });
      } else if (container && name === 'hostconfig.json') gap('container', container, '/HostConfig', '/restart_policy', '/network_mode', '/log_driver');
      else if (container && name.endsWith('-json.log')) gap('container', container, '/log');
      else if (container && (e.code === 'no-driver' || e.code === 'unknown-driver' || /\/(layerdb|image|overlay2?|aufs)\//.test(e.path ?? ''))) gap('container', container, '/layers', '/mount_id');
      else if (container) gap('container', container, '');
      else if (e.subject.startsWith('image ')) gap('image', e.subject.slice('image '.length), '');
    } else if (e.phase === 'proc') {
      const pid = /^pid (\d+)$/.exec(e.subject)?.[1];
      const file = pid ? (e.path ?? '').split(`/${pid}/`)[1]?.split('/')[0] : undefined;
      if (pid) gap('process', pid, ...(file && PROC_FILE_PATHS[file] ? PROC_FILE_PATHS[file] : ['']));
      else if (e.subject === 'processes') missed.push({ kind: 'process', reason, applies: () => true });
      else if (e.subject.startsWith('netns ')) (['container', 'daemon'] as const).forEach((kind) => gap(kind, '*', '/sockets'));
      else if (e.subject.startsWith('mnt_ns ')) gaps.push({ kind: 'process', nativeId: '*', path: '/mounts', reason, applies: inMountNamespace(e.subject.slice('mnt_ns '.length)) });
    } else if (e.phase === 'host') {
      if (name === 'osrelease') gap('daemon', '*', '/kernel_release');
      if (e.subject === 'daemon.json') {
        gap('file', '/daemon.json', '');
        missed.push({ kind: 'file', reason, applies: (f) => f.nativeId === '/daemon.json' });
      }
    }
  }
  const byEntity = new Map<string, Gap[]>();
  for (const g of gaps) byEntity.set(`${g.kind} ${g.nativeId}`, [...(byEntity.get(`${g.kind} ${g.nativeId}`) ?? []), g]);
  return { gaps: byEntity, missed };
}

/** The gap of this snapshot that covers `path` of `entity`, if any. */
export function gapAt(side: SideGaps, entity: Entity, path: string): Gap | undefined {
  const candidates = [...(side.gaps.get(`${entity.kind} ${entity.nativeId}`) ?? []), ...(side.gaps.get(`${entity.kind} *`) ?? [])];
  return candidates.find((g) => (g.applies?.(entity) ?? true) && (isUnder(path, g.path) || isUnder(g.path, path)));
}

/** Processes of mount namespace `mnt:[inode]` (their namespaces/mnt), or, in a saved tree without ns/, the one process `pid:N`. */
function inMountNamespace(mntNs: string): (entity: Entity) => boolean {
  const pid = /^pid:(\d+)$/.exec(mntNs)?.[1];
  if (pid) return (entity) => entity.nativeId === pid;
  const inode = Number(/^mnt:\[(\d+)\]$/.exec(mntNs)?.[1]);
  return (entity) => {
    const namespaces = entity.tree['namespaces'];
    return typeof namespaces === 'object' && namespaces !== null && !Array.isArray(namespaces) && (namespaces as Record<string, unknown>)['mnt'] === inode;
  };
}

/** Why this snapshot may lack `other` (an entity of the other snapshot), if it may. */
export function missedReason(side: SideGaps, other: Entity): string | undefined {
  return side.missed.find((m) => m.kind === other.kind && m.applies(other))?.reason;
}
