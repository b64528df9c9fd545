/**
 * The only importer of deep-diff. It is handed members of two trees of one matched entity (never
 * a whole snapshot, nor an object of many members: its key matching is quadratic) and only ever
 * compares; its applyChange and orderIndependent modes are never used.
 */
import deepDiff from 'deep-diff';
import { isTreeObject, narrowedMembers, sameMemberText, sameTree, type Tree, type TreeObject } from './tree.js';
import type { ChangeKind } from './types.js';

export interface RawChange {
  readonly path: readonly (string | number)[];
  readonly kind: ChangeKind;
  readonly old: Tree;
  readonly new: Tree;
}

type Found = deepDiff.Diff<Tree, Tree>;

/**
 * Objects with more members than this are walked here, by hash. deep-diff matches an object's
 * keys with one indexOf per key, which is quadratic in its members (a daemon's 1,400 fds);
 * it compares the members that differ.
 */
const WALK_ABOVE = 16;

/** The differences between two trees of one entity, from A to B, in deep-diff's order. */
export function compareTrees(a: TreeObject, b: TreeObject): RawChange[] {
  const changes: RawChange[] = [];
  walk(a, b, [], changes);
  return changes;
}

/** Members of A in A's order (changed or removed), then those only B has (added): as deep-diff reports an object. */
function walk(a: TreeObject, b: TreeObject, path: readonly (string | number)[], into: RawChange[]): void {
  for (const key of Object.keys(a)) {
    if (Object.hasOwn(b, key)) {
      if (sameMemberText(a, b, key)) continue;
      const [x, y] = narrowedMembers(a, b, key) ?? [a[key] as Tree, b[key] as Tree];
      compareMember(x, y, [...path, key], into);
    }
    else into.push({ path: [...path, key], kind: 'removed', old: a[key] as Tree, new: null });
  }
  for (const key of Object.keys(b)) if (!Object.hasOwn(a, key)) into.push({ path: [...path, key], kind: 'added', old: null, new: b[key] as Tree });
}

function compareMember(a: Tree, b: Tree, path: (string | number)[], into: RawChange[]): void {
  // Most members of two captures are equal: a plain walk says so far faster than deep-diff does.
  if (sameTree(a, b)) return;
  if (isTreeObject(a) && isTreeObject(b) && Math.max(Object.keys(a).length, Object.keys(b).length) > WALK_ABOVE) return walk(a, b, path, into);
  for (const d of deepDiff.diff(a, b) ?? []) into.push(toRawChange(d, [...path, ...((d.path ?? []) as (string | number)[])]));
}

function toRawChange(d: Found, path: (string | number)[]): RawChange {
  switch (d.kind) {
    case 'N':
      return { path, kind: 'added', old: null, new: d.rhs as unknown as Tree };
    case 'D':
      return { path, kind: 'removed', old: d.lhs as unknown as Tree, new: null };
    case 'E':
      return { path, kind: 'changed', old: d.lhs as unknown as Tree, new: d.rhs as unknown as Tree };
    case 'A':
      return toRawChange(d.item, [...path, d.index]);
  }
}
