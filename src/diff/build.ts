import type { FileRecord } from '../read/file-records.js';
import type { PortView } from '../read/ports.js';
import type { Entity } from './entity.js';
import type { SnapshotData } from './input.js';
import { containerEntity } from './trees/container.js';
import { daemonEntity } from './trees/daemon.js';
import { FILES_COMPARED_ELSEWHERE, fileEntity } from './trees/file.js';
import { imageEntity } from './trees/image.js';
import { processEntities } from './trees/process.js';
import { groupBy } from '../read/group.js';
import type { DiffMode } from './types.js';

export function containerEntities(data: SnapshotData, mode: DiffMode): Entity[] {
  const files = groupBy<FileRecord, string | null>(data.files, (f) => f.container_id);
  const ports = groupBy<PortView, string | null>(data.ports, (p) => p.container_id);
  return data.containers.map((c) => containerEntity(c, files.get(c.container.id) ?? [], ports.get(c.container.id) ?? [], mode));
}

/** How the entities other than containers name the containers they belong to. */
export interface OwnerNaming {
  readonly mode: DiffMode;
  readonly ownerLabel: (containerId: string) => string;
  readonly normalize: (text: string) => string;
}

/**
 * Unattributed processes (in a container cgroup of no engine read) are left out: they are another
 * engine's or nobody's, listed by show, and would pair with a stranger's across hosts.
 */
export function processEntitiesOf(data: SnapshotData, naming: OwnerNaming): Entity[] {
  return processEntities(data.processes.filter((p) => p.role !== 'unattributed'), naming);
}

export function fileEntities(data: SnapshotData, naming: OwnerNaming): Entity[] {
  return data.files.filter((f) => !FILES_COMPARED_ELSEWHERE.has(f.role)).map((f) => fileEntity(f, f.container_id === null ? null : naming.ownerLabel(f.container_id)));
}

export function imageEntities(data: SnapshotData): Entity[] {
  return data.images.map(imageEntity);
}

export function daemonEntities(data: SnapshotData): Entity[] {
  return [daemonEntity(data)];
}
