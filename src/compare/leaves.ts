import { escapeSegment } from '../diff/pointer.js';
import { isTreeObject, type Scalar, type Tree } from '../diff/tree.js';

/**
 * The values compared across hosts: every scalar of an entity tree at its JSON Pointer, an array
 * of scalars as one value (an argv, a command), arrays of objects entry by entry. `entry` is the
 * list entry a value lies in (`/fds/3` for `/fds/3/flags`), which some noise rules read.
 */
export interface Leaf {
  readonly path: string;
  readonly value: Scalar | readonly Scalar[];
  readonly entry: Tree | undefined;
}

export function* leavesOf(tree: Tree, path = '', depth = 0, entry: Tree | undefined = undefined): Generator<Leaf> {
  const inEntry = depth === 2 ? tree : entry;
  if (Array.isArray(tree)) {
    const items = tree as readonly Tree[];
    if (items.every((v) => v === null || typeof v !== 'object')) yield { path, value: items as readonly Scalar[], entry: depth >= 3 ? inEntry : undefined };
    else for (let i = 0; i < items.length; i++) yield* leavesOf(items[i] as Tree, `${path}/${i}`, depth + 1, inEntry);
  } else if (isTreeObject(tree)) {
    for (const key of Object.keys(tree)) yield* leavesOf(tree[key] as Tree, `${path}/${escapeSegment(key)}`, depth + 1, inEntry);
  } else yield { path, value: tree as Scalar, entry: depth >= 3 ? inEntry : undefined };
}
