import type { Entity, EntityPair } from './entity.js';
import type { EntityKind } from './types.js';

/**
 * Pairs the entities of two snapshots by their match keys (a hash join, so matching is linear
 * however many entities there are). Entities left over may be paired by `fallback` when it
 * gives both sides one and the same key. A pair is reported under the smaller of its two keys,
 * so that the report names it the same way in both directions.
 */
export function pairEntities(kind: EntityKind, as: readonly Entity[], bs: readonly Entity[], fallback?: (e: Entity) => string | null): EntityPair[] {
  const byMatch = new Map(bs.map((b) => [b.match, b]));
  const pairs: EntityPair[] = [];
  const leftA: Entity[] = [];
  for (const a of as) {
    const b = byMatch.get(a.match);
    if (b) {
      pairs.push(pair(kind, a, b));
      byMatch.delete(a.match);
    } else leftA.push(a);
  }
  let leftB = [...byMatch.values()];
  if (fallback) {
    const unique = (list: Entity[]) => {
      const groups = new Map<string, Entity[]>();
      for (const e of list) {
        const key = fallback(e);
        if (key !== null) groups.set(key, [...(groups.get(key) ?? []), e]);
      }
      return new Map([...groups].filter(([, g]) => g.length === 1).map(([k, g]) => [k, g[0] as Entity]));
    };
    const fallbackB = unique(leftB);
    const paired = new Set<Entity>();
    for (const [key, a] of unique(leftA)) {
      const b = fallbackB.get(key);
      if (!b) continue;
      pairs.push(pair(kind, a, b));
      paired.add(a).add(b);
    }
    leftA.splice(0, leftA.length, ...leftA.filter((a) => !paired.has(a)));
    leftB = leftB.filter((b) => !paired.has(b));
  }
  for (const a of leftA) pairs.push({ kind, key: a.key, a, b: undefined });
  for (const b of leftB) pairs.push({ kind, key: b.key, a: undefined, b });
  return pairs;
}

function pair(kind: EntityKind, a: Entity, b: Entity): EntityPair {
  return { kind, key: a.key <= b.key ? a.key : b.key, a, b };
}
