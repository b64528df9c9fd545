import { escapeSegment } from '../diff/pointer.js';
import { isTreeObject, type Scalar, type Tree } from '../diff/tree.js';

/**
 * The values compared across hosts: every scalar of an entity tree at its JSON Pointer, an array
 * of scalars as one value (an argv, a command), arrays of objects entry by entry. `entry` is the
 * list entry a value lies in (`/fds/3` for `/fds/3/flags`), which some noise rules read.
 */
export type LeafVisitor = (path: string, value: Scalar | readonly Scalar[], entry: Tree | undefined) => void;

export function visitLeaves(tree: Tree, visit: LeafVisitor, path = '', depth = 0, entry: Tree | undefined = undefined): void {
  const inEntry = depth === 2 ? tree : entry;
  if (Array.isArray(tree)) {
    const items = tree as readonly Tree[];
    if (items.every((v) => v === null || typeof v !== 'object')) visit(path, items as readonly Scalar[], depth >= 3 ? inEntry : undefined);
    else for (let i = 0; i < items.length; i++) visitLeaves(items[i] as Tree, visit, `${path}/${i}`, depth + 1, inEntry);
  } else if (isTreeObject(tree)) {
    for (const key in tree) visitLeaves(tree[key] as Tree, visit, `${path}/${escapeSegment(key)}`, depth + 1, inEntry);
  } else visit(path, tree as Scalar, depth >= 3 ? inEntry : undefined);
}
