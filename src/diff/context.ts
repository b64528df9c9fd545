import type { SnapshotData } from './input.js';

/** What the noise rules need to know about one snapshot to rewrite its values. */
export interface SideContext {
  readonly dockerRoot: string | null;
  readonly execRoot: string | null;
  readonly hostName: string | null;
  /** Container id → its name (its short id when it has none). */
  readonly containerNames: ReadonlyMap<string, string>;
  /** Short (12-hex) id → full id, for the short ids that name exactly one container. */
  readonly shortIds: ReadonlyMap<string, string>;
  /** Read-write and init layer ids (mount ids) → the container they belong to. */
  readonly layerOwners: ReadonlyMap<string, string>;
}

export function sideContext(data: SnapshotData): SideContext {
  const containerNames = new Map(data.containers.map((c) => [c.container.id, c.container.name ?? c.container.id.slice(0, 12)]));
  const shortCounts = new Map<string, string[]>();
  for (const id of containerNames.keys()) shortCounts.set(id.slice(0, 12), [...(shortCounts.get(id.slice(0, 12)) ?? []), id]);
  const shortIds = new Map([...shortCounts].filter(([, ids]) => ids.length === 1).map(([short, ids]) => [short, ids[0] as string]));
  const layerOwners = new Map<string, string>();
  for (const c of data.containers) {
    if (c.container.mount_id) layerOwners.set(c.container.mount_id, c.container.id);
    for (const layer of c.layers) if (layer.role !== 'image') layerOwners.set(layer.layer_id.replace(/-init$/, ''), c.container.id);
  }
  return {
    dockerRoot: usableRoot(data.meta.docker_root),
    execRoot: usableRoot(data.meta.exec_root),
    hostName: data.meta.host_name,
    containerNames,
    shortIds,
    layerOwners,
  };
}

/** True when the two contexts rewrite every text alike: the same roots, host name, container names and layer owners. */
export function sameContext(a: SideContext, b: SideContext): boolean {
  const sameMap = (x: ReadonlyMap<string, string>, y: ReadonlyMap<string, string>) => x.size === y.size && [...x].every(([k, v]) => y.get(k) === v);
  return a.dockerRoot === b.dockerRoot && a.execRoot === b.execRoot && a.hostName === b.hostName && sameMap(a.containerNames, b.containerNames) && sameMap(a.shortIds, b.shortIds) && sameMap(a.layerOwners, b.layerOwners);
}

function usableRoot(root: string | null): string | null {
  if (root === null) return null;
  const trimmed = root.replace(/\/+$/, '');
  return trimmed === '' ? null : trimmed;
}

const HEX_ID = /\b(?:[0-9a-f]{64}|[0-9a-f]{12})\b/g;

/** Full ids of the containers (or of their rw layers) that `text` names. */
export function mentionedContainers(text: string, ctx: SideContext): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(HEX_ID)) {
    const token = match[0];
    const id = ctx.containerNames.has(token) ? token : (ctx.shortIds.get(token) ?? ctx.layerOwners.get(token));
    if (id) found.add(id);
  }
  return [...found];
}

/** `text` with every container id (full or short) it contains replaced by the container's name. */
export function replaceContainerIds(text: string, ctx: SideContext): string {
  return text.replace(HEX_ID, (token) => {
    const id = ctx.containerNames.has(token) ? token : ctx.shortIds.get(token);
    return id ? (ctx.containerNames.get(id) ?? token) : token;
  });
}
