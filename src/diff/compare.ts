/**
 * The only importer of deep-diff. It is handed two trees of one matched entity (never a whole
 * snapshot, so its quadratic key matching stays small) and only ever compares; its
 * applyChange and orderIndependent modes are never used.
 */
import deepDiff from 'deep-diff';
import { sameTree, type Tree, type TreeObject } from './tree.js';
import type { ChangeKind } from './types.js';

export interface RawChange {
  readonly path: readonly (string | number)[];
  readonly kind: ChangeKind;
  readonly old: Tree;
  readonly new: Tree;
}

type Found = deepDiff.Diff<TreeObject, TreeObject>;

/** The differences between two trees of one entity, from A to B. */
export function compareTrees(a: TreeObject, b: TreeObject): RawChange[] {
  // Most entities of two captures are equal: a plain walk says so far faster than deep-diff does.
  if (sameTree(a, b)) return [];
  const found = deepDiff.diff(a, b) ?? [];
  return found.map((d) => toRawChange(d, (d.path ?? []) as (string | number)[]));
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
