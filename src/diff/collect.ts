import { compareTrees, type RawChange } from './compare.js';
import { ENTRY_IDENTITY_FIELDS } from './keys.js';
import type { SideContext } from './context.js';
import { sameFingerprint, type Entity, type EntityPair } from './entity.js';
import { gapAt, missedReason, type SideGaps } from './gaps.js';
import { classify } from './classify.js';
import { statusChange } from './state.js';
import type { ContainerFate } from './normalize.js';
import { escapeSegment, isUnder, pointerSegments, toPointer } from './pointer.js';
import { isTreeObject, type Tree, type TreeObject } from './tree.js';
import type { Change, ChangeKind, DiffMode, SuppressedChange, Unknown } from './types.js';

/** Everything known about one snapshot while its changes are classified. */
export interface Side {
  readonly ctx: SideContext;
  readonly gaps: SideGaps;
  readonly fates: ReadonlyMap<string, ContainerFate>;
  /** This snapshot's containers by container id (their trees are built when a rule asks for one). */
  readonly containers: ReadonlyMap<string, Entity>;
  /** This snapshot's container ids → the report names of their pairs. */
  readonly labels: ReadonlyMap<string, string>;
}

/** A classified change with the pair's symmetric identity, used only to order the report. */
export type Sorted<T> = T & { readonly order: string };

export interface Buckets {
  readonly changes: Sorted<Change>[];
  readonly suppressed: Sorted<SuppressedChange>[];
  readonly unknowns: Map<string, Sorted<Unknown>>;
}

/**
 * Compares one pair (or reports one added or removed entity) and puts each change in its bucket:
 * suppressed by a noise rule, unknown when it falls in what a snapshot could not read, else a
 * state, runtime or config change. A container whose status changed gets one state change at
 * /state (state.ts); its exec sessions are state changes too.
 */
export function collectPair(pair: EntityPair, mode: DiffMode, a: Side, b: Side, ignored: (address: string) => boolean, into: Buckets): void {
  if (sameFingerprint(pair.a, pair.b)) return;
  const order = pair.a && pair.b ? (pair.a.match <= pair.b.match ? pair.a.match : pair.b.match) : (pair.a ?? pair.b)!.match;
  const raw: RawPointerChange[] = pair.a && pair.b
    ? foldEntryChanges(compareTrees(pair.a.tree, pair.b.tree)).map((c) => ({ ...c, path: toPointer(c.path) }))
    : [{ path: '', kind: (pair.a ? 'removed' : 'added') as ChangeKind, old: pair.a?.summary ?? null, new: pair.b?.summary ?? null }];
  const status = pair.kind === 'container' && pair.a && pair.b ? statusChange(pair.a, pair.b) : undefined;
  if (status) raw.unshift({ path: '/state', kind: 'changed', ...status, state: true });
  const ownerId = pair.a?.owner ?? pair.b?.owner;
  const container = ownerId ? ((pair.a?.owner && a.labels.get(pair.a.owner)) || (pair.b?.owner && b.labels.get(pair.b.owner)) || ownerId.slice(0, 12)) : null;
  for (const change of raw) {
    const base = { entity_kind: pair.kind, entity_key: pair.key, container, path: change.path, kind: change.kind, old: change.old, new: change.new, order };
    if (change.state) {
      if (ignored(`${pair.kind}/${escapeSegment(pair.key)}${change.path}`)) into.suppressed.push({ ...base, rule: 'ignore' });
      else into.changes.push({ ...base, group: 'state', rule: null });
      continue;
    }
    const segments = pointerSegments(change.path);
    const entryPath = segments.length >= 3 ? toPointer(segments.slice(0, 2)) : undefined;
    const entry = entryPath && pair.a && pair.b ? { old: valueAt(pair.a.tree, entryPath), new: valueAt(pair.b.tree, entryPath) } : undefined;
    const verdict = classify({
      mode, kind: pair.kind, path: change.path, change, entry, a: pair.a, b: pair.b, ctxA: a.ctx, ctxB: b.ctx, fatesA: a.fates, fatesB: b.fates,
      // Getters: most changes (a daemon's counters) are classified without their container's tree.
      get ownerA() {
        return pair.a?.owner ? a.containers.get(pair.a.owner)?.tree : undefined;
      },
      get ownerB() {
        return pair.b?.owner ? b.containers.get(pair.b.owner)?.tree : undefined;
      },
      ignored: ignored(`${pair.kind}/${escapeSegment(pair.key)}${change.path}`),
    });
    if (verdict?.effect === 'suppress') {
      into.suppressed.push({ ...base, rule: verdict.rule.id });
      continue;
    }
    const unknown = unknownOf(pair, change.path, a, b);
    if (unknown) {
      const key = `${pair.kind}\n${pair.key}\n${order}\n${unknown.path}`;
      if (!into.unknowns.has(key)) into.unknowns.set(key, { entity_kind: pair.kind, entity_key: pair.key, container, ...unknown, order });
      continue;
    }
    const group = verdict ? 'runtime' : pair.kind === 'container' && isUnder(change.path, '/execs') ? 'state' : 'config';
    into.changes.push({ ...base, group, rule: verdict?.rule.id ?? null });
  }
}

type RawPointerChange = Omit<RawChange, 'path'> & { readonly path: string; readonly state?: true };

/** Drops the changes to an entry's other fields when its identity field changed (ENTRY_IDENTITY_FIELDS). */
function foldEntryChanges(changes: readonly RawChange[]): RawChange[] {
  const renewed = new Set(changes.filter((c) => c.path.length === 3 && ENTRY_IDENTITY_FIELDS[String(c.path[0])] === c.path[2]).map((c) => `${c.path[0]}/${c.path[1]}`));
  if (renewed.size === 0) return [...changes];
  return changes.filter((c) => c.path.length < 3 || ENTRY_IDENTITY_FIELDS[String(c.path[0])] === c.path[2] || !renewed.has(`${c.path[0]}/${c.path[1]}`));
}

function unknownOf(pair: EntityPair, path: string, a: Side, b: Side): Omit<Unknown, 'entity_kind' | 'entity_key' | 'container'> | undefined {
  if (!pair.a || !pair.b) {
    const present = (pair.a ?? pair.b) as Entity;
    const reason = missedReason(pair.a ? b.gaps : a.gaps, present);
    if (!reason) return undefined;
    return { path, side: pair.a ? 'b' : 'a', old: pair.a?.summary ?? null, new: pair.b?.summary ?? null, reason };
  }
  const gapA = gapAt(a.gaps, pair.a, path);
  const gapB = gapAt(b.gaps, pair.b, path);
  const gap = gapA ?? gapB;
  if (!gap) return undefined;
  const at = isUnder(path, gap.path) ? gap.path : path;
  const [old, now] = at === '' ? [pair.a.summary, pair.b.summary] : [valueAt(pair.a.tree, at), valueAt(pair.b.tree, at)];
  return { path: at, side: gapA && gapB ? 'both' : gapA ? 'a' : 'b', old, new: now, reason: gap.reason };
}

function valueAt(tree: Tree, pointer: string): Tree {
  let node: Tree = tree;
  for (const segment of pointerSegments(pointer)) {
    if (Array.isArray(node)) node = (node as readonly Tree[])[Number(segment)] ?? null;
    else if (isTreeObject(node) && Object.hasOwn(node, segment)) node = node[segment] as Tree;
    else return null;
  }
  return node;
}
