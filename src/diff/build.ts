import type { FileRecord } from '../read/file-records.js';
import type { PortView } from '../read/ports.js';
import type { Entity, EntityPair } from './entity.js';
import type { SnapshotData } from './input.js';
import { containerEntity } from './trees/container.js';
import { daemonEntity } from './trees/daemon.js';
import { FILES_COMPARED_ELSEWHERE, fileEntity } from './trees/file.js';
import { imageEntity } from './trees/image.js';
import { driftEntity } from './trees/drift.js';
import type { ContainerDriftRow } from '../types/snapshot.generated.js';
import { processEntities } from './trees/process.js';
import { groupBy } from '../read/group.js';
import type { ProcessRecord } from '../read/process-records.js';
import { isExecProcess } from './state.js';
import type { DiffMode } from './types.js';

export function containerEntities(data: SnapshotData, mode: DiffMode, execs: ExecPids): Entity[] {
  const files = groupBy<FileRecord, string | null>(data.files, (f) => f.container_id);
  const ports = groupBy<PortView, string | null>(data.ports, (p) => p.container_id);
  const sessions = groupBy<ProcessRecord, string | null>(data.processes.filter((p) => execs.sessions.has(p.pid)), (p) => p.container_id);
  return data.containers.map((c) => containerEntity(c, files.get(c.container.id) ?? [], ports.get(c.container.id) ?? [], sessions.get(c.container.id) ?? [], mode));
}

export interface ExecPids {
  /** The processes `docker exec` started: children of their container's shim other than its init. */
  readonly sessions: ReadonlySet<number>;
  /** Those and their descendants: what an exec session runs. */
  readonly members: ReadonlySet<number>;
}

export function execPids(data: SnapshotData): ExecPids {
  const shims = new Map(data.processes.filter((p) => p.role === 'shim' && p.container_id).map((p) => [p.container_id as string, p.pid]));
  const inits = new Map(data.containers.map((c) => [c.container.id, c.container.pid]));
  const sessions = new Set<number>();
  for (const p of data.processes) if (p.container_id && isExecProcess(p, shims.get(p.container_id), inits.get(p.container_id) ?? null)) sessions.add(p.pid);
  const members = new Set(sessions);
  const parents = new Map(data.processes.map((p) => [p.pid, p.ppid]));
  for (const p of data.processes) {
    // Walk up to an exec session; a pid cycle in a hostile snapshot ends at the step bound.
    let at: number | null | undefined = p.ppid;
    for (let steps = 0; at != null && steps < 64 && !members.has(p.pid); steps++, at = parents.get(at)) if (sessions.has(at)) members.add(p.pid);
  }
  return { sessions, members };
}

/** How the entities other than containers name the containers they belong to. */
export interface OwnerNaming {
  readonly mode: DiffMode;
  /** Pids of exec sessions and their descendants. */
  readonly execs: ReadonlySet<number>;
  readonly ownerLabel: (containerId: string) => string;
  readonly normalize: (text: string) => string;
  /** Equal list texts build equal process lists on both sides (trees/process.ts). */
  readonly listTexts?: boolean;
}

/**
 * Unattributed processes (in a container cgroup of no engine read) are left out: they are another
 * engine's or nobody's, listed by show, and would pair with a stranger's across hosts.
 */
export function processEntitiesOf(data: SnapshotData, naming: OwnerNaming): Entity[] {
  return processEntities(data.processes.filter((p) => p.role !== 'unattributed'), naming);
}

export function fileEntities(data: SnapshotData, naming: OwnerNaming): Entity[] {
  return data.files.filter((f) => !FILES_COMPARED_ELSEWHERE.has(f.role)).map((f) => fileEntity(f, f.container_id === null ? null : naming.ownerLabel(f.container_id), naming.mode));
}

export function imageEntities(data: SnapshotData): Entity[] {
  return data.images.map(imageEntity);
}

export function daemonEntities(data: SnapshotData): Entity[] {
  return [daemonEntity(data)];
}

/**
 * The drift of each container present in both snapshots, paired with its container: its
 * writable layer's entries by path. An added or removed container is reported once, as the container.
 */
export function driftPairs(containers: readonly EntityPair[], a: SnapshotData, b: SnapshotData, namingA: OwnerNaming, namingB: OwnerNaming): EntityPair[] {
  const rowsA = groupBy<ContainerDriftRow, string>(a.drift, (r) => r.container_id);
  const rowsB = groupBy<ContainerDriftRow, string>(b.drift, (r) => r.container_id);
  const entity = (side: Entity, rows: Map<string, ContainerDriftRow[]>, naming: OwnerNaming) =>
    driftEntity({ id: side.nativeId, name: (side.head ?? side.tree)['name'] as string | null }, rows.get(side.nativeId) ?? [], naming.mode, naming.ownerLabel(side.nativeId));
  return containers.flatMap((pair) => (pair.a && pair.b ? [{ kind: 'drift' as const, key: pair.key, a: entity(pair.a, rowsA, namingA), b: entity(pair.b, rowsB, namingB) }] : []));
}
