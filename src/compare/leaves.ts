import { escapeSegment } from '../diff/pointer.js';
import { isTreeObject, type Scalar, type Tree } from '../diff/tree.js';

/**
 * A path of an entity's tree, kept from one host to the next: each host's leaves find their
 * field by walking these nodes, so the JSON Pointer of a leaf is built once, not once per host.
 */
export interface PathNode<F> {
  readonly path: string;
  children: Map<string | number, PathNode<F>> | undefined;
  field: F | undefined;
}

export function pathRoot<F>(): PathNode<F> {
  return { path: '', children: undefined, field: undefined };
}

function child<F>(node: PathNode<F>, key: string | number): PathNode<F> {
  let found = node.children?.get(key);
  if (!found) (node.children ??= new Map()).set(key, (found = { path: `${node.path}/${typeof key === 'number' ? key : escapeSegment(key)}`, children: undefined, field: undefined }));
  return found;
}

/** `/state` of a container and the like: a path that is not in the tree as it is walked. */
export function pathNode<F>(root: PathNode<F>, key: string): PathNode<F> {
  return child(root, key);
}

/**
 * The values compared across hosts: every scalar of an entity tree at its JSON Pointer, an array
 * of scalars as one value (an argv, a command), arrays of objects entry by entry. `entry` is the
 * list entry a value lies in (`/fds/3` for `/fds/3/flags`), which some noise rules read.
 */
export type LeafVisitor<F> = (node: PathNode<F>, value: Scalar | readonly Scalar[], entry: Tree | undefined) => void;

export function visitLeaves<F>(tree: Tree, node: PathNode<F>, visit: LeafVisitor<F>, depth = 0, entry: Tree | undefined = undefined): void {
  const inEntry = depth === 2 ? tree : entry;
  if (Array.isArray(tree)) {
    const items = tree as readonly Tree[];
    if (items.every((v) => v === null || typeof v !== 'object')) visit(node, items as readonly Scalar[], depth >= 3 ? inEntry : undefined);
    else for (let i = 0; i < items.length; i++) visitLeaves(items[i] as Tree, child(node, i), visit, depth + 1, inEntry);
  } else if (isTreeObject(tree)) {
    for (const key in tree) visitLeaves(tree[key] as Tree, child(node, key), visit, depth + 1, inEntry);
  } else visit(node, tree as Scalar, depth >= 3 ? inEntry : undefined);
}
