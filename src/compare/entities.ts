/**
 * One host's entities as the comparison of many hosts sees them: the diff's own trees and keys in
 * across-hosts mode (containers by name, processes by role or command line, the daemon by its
 * configuration, files by owner and role), images by tag.
 */
import { containerEntities, daemonEntities, execPids, fileEntities, imageEntities, processEntitiesOf, type OwnerNaming } from '../diff/build.js';
import { textNormalizer } from '../diff/classify.js';
import { sideContext, type SideContext } from '../diff/context.js';
import type { Entity } from '../diff/entity.js';
import type { SnapshotData } from '../diff/input.js';
import { engineScopedMatch, imageTagKeys } from '../diff/keys.js';
import { object } from '../diff/tree.js';
import { driftEntity } from '../diff/trees/drift.js';
import type { EntityKind } from '../diff/types.js';
import { groupBy } from '../read/group.js';
import type { ContainerDriftRow } from '../types/snapshot.generated.js';

const MODE = 'across-hosts';

export interface HostEntities {
  readonly ctx: SideContext;
  readonly entities: Entity[];
  /** Container trees by container id: the owners the rules read (a process's env mirroring its container's). */
  readonly owners: ReadonlyMap<string, Entity['tree']>;
}

export function hostEntities(data: SnapshotData, kinds: ReadonlySet<EntityKind>, acrossEngines: boolean): HostEntities {
  const ctx = sideContext(data);
  const execs = execPids(data);
  const containers = containerEntities(data, MODE, execs).map((e) => ({ ...e, match: engineScopedMatch(e.match, e.tree['engine'] as string, e.tree['name'] as string | null, acrossEngines) }));
  const naming: OwnerNaming = {
    mode: MODE,
    execs: execs.members,
    ownerLabel: (id) => ctx.containerNames.get(id) ?? id.slice(0, 12),
    normalize: textNormalizer(ctx, MODE),
  };
  const drift = groupBy<ContainerDriftRow, string>(data.drift, (r) => r.container_id);
  const entities: Entity[] = [
    ...(kinds.has('container') ? containers : []),
    ...(kinds.has('process') ? processEntitiesOf(data, naming) : []),
    ...(kinds.has('daemon') ? daemonEntities(data) : []),
    ...(kinds.has('image') ? imageEntities(data).flatMap(byTag) : []),
    ...(kinds.has('file') ? fileEntities(data, naming) : []),
    ...(kinds.has('drift') ? data.containers.map((c) => driftEntity(c.container, drift.get(c.container.id) ?? [], MODE, naming.ownerLabel(c.container.id))) : []),
  ];
  return { ctx, entities, owners: new Map(containers.map((c) => [c.nativeId, c.tree])) };
}

/** An image once per tag, with its id in its tree (so a tag that names another image differs there) and without its other tags. */
function byTag(image: Entity): Entity[] {
  const tags = Object.keys(image.tree['tags'] as object);
  const tree = object([...Object.entries(image.tree).filter(([k]) => k !== 'tags'), ['id', image.nativeId]]);
  return imageTagKeys({ id: image.nativeId }, tags).map((tag) => ({ ...image, match: tag, key: tag, tree }));
}
