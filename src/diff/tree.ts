/**
 * Entity trees: JSON-like values whose objects have no prototype, so that keys taken from the
 * host (`__proto__`, `constructor`, an env name, a label key) are plain keys, never inherited
 * members. Keys are inserted in sorted order, so every walk over a tree is deterministic.
 */

export type Scalar = string | number | boolean | null;
export type Tree = Scalar | readonly Tree[] | TreeObject;
export interface TreeObject {
  readonly [key: string]: Tree;
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A null-prototype object from entries; later entries with a key already present are ignored. */
export function object(entries: Iterable<readonly [string, Tree]>): TreeObject {
  const list = Array.isArray(entries) ? (entries as (readonly [string, Tree])[]) : [...entries];
  // Entries often come sorted (SQL ORDER BY): check before paying for a sort (stable, so the first of a key stays first).
  let sorted = true;
  for (let i = 1; i < list.length && sorted; i++) sorted = (list[i - 1] as readonly [string, Tree])[0] <= (list[i] as readonly [string, Tree])[0];
  if (!sorted) list.sort((x, y) => byCodeUnit(x[0], y[0]));
  const result = Object.create(null) as Record<string, Tree>;
  for (const [key, value] of list) if (!(key in result)) result[key] = value;
  return result;
}

/** A member built on first read, known beforehand by a text that determines it. */
export class LazyMember {
  constructor(
    readonly text: string,
    readonly build: () => Tree,
  ) {}
}

/**
 * A LazyMember that is an object keyed from rows: each row's entry depends on that row and on the
 * rows of its key alone (the ordinals of keyed() count within a key). Two such members of unequal
 * texts can then be compared over the rows of the keys where they differ (narrowedMembers): the
 * other keys' entries are equal on both sides. A daemon's 1,400 fds, of which a few changed, are
 * not built whole twice to find them.
 */
export class LazyRows<R> extends LazyMember {
  constructor(
    text: string,
    readonly rows: () => readonly R[],
    /** The key a row's entry takes, before any ordinal. */
    readonly rowKey: (row: R) => string,
    /** True when two rows build equal entries. */
    readonly sameRow: (x: R, y: R) => boolean,
    readonly buildFrom: (rows: readonly R[]) => Tree,
  ) {
    super(text, () => buildFrom(rows()));
  }
}

/** Each tree's lazy members by key. */
const lazyMembers = new WeakMap<TreeObject, ReadonlyMap<string, LazyMember>>();

/**
 * object(), but a member given as a LazyMember is an enumerable getter that builds it on first
 * read; two trees whose member has one text hold equal members (sameMemberText), so comparing
 * them builds neither.
 */
export function objectWithLazy(entries: readonly (readonly [string, Tree | LazyMember])[]): TreeObject {
  const list = [...entries].sort((x, y) => byCodeUnit(x[0], y[0]));
  const result = Object.create(null) as Record<string, Tree>;
  const lazy = new Map<string, LazyMember>();
  for (const [key, value] of list) {
    if (key in result) continue;
    if (!(value instanceof LazyMember)) {
      result[key] = value;
      continue;
    }
    let built: Tree | undefined;
    Object.defineProperty(result, key, { enumerable: true, get: () => (built ??= value.build()) });
    lazy.set(key, value);
  }
  if (lazy.size > 0) lazyMembers.set(result, lazy);
  return result;
}

/** True when both trees have `key` as a lazy member of one text: the members are equal, and neither need be built. */
export function sameMemberText(a: TreeObject, b: TreeObject, key: string): boolean {
  const text = lazyMembers.get(a)?.get(key)?.text;
  return text !== undefined && text === lazyMembers.get(b)?.get(key)?.text;
}

/**
 * When `key` is a LazyRows member of both trees: the two members built from only the rows of the
 * keys whose rows differ, in order (keyed() numbers a key's repeats in turn: the same rows in
 * another order, or a row twice on one side and once on the other, differ). Compared, they differ
 * exactly as the whole members do.
 */
export function narrowedMembers(a: TreeObject, b: TreeObject, key: string): [Tree, Tree] | undefined {
  const [x, y] = [lazyMembers.get(a)?.get(key), lazyMembers.get(b)?.get(key)];
  if (!(x instanceof LazyRows) || !(y instanceof LazyRows)) return undefined;
  const [rowsA, rowsB] = [keyedRows(x), keyedRows(y)];
  const [byKeyA, byKeyB] = [rowsByKey(rowsA), rowsByKey(rowsB)];
  const sameRows = (p: readonly unknown[] | undefined, q: readonly unknown[] | undefined) =>
    p !== undefined && q !== undefined && p.length === q.length && p.every((row, i) => x.sameRow(row, q[i]));
  const differing = new Set([...byKeyA.keys(), ...byKeyB.keys()].filter((k) => !sameRows(byKeyA.get(k), byKeyB.get(k))));
  const narrowed = <R>(member: LazyRows<R>, rows: readonly (readonly [string, R])[]) => member.buildFrom(rows.flatMap(([k, row]) => (differing.has(k) ? [row] : [])));
  return [narrowed(x, rowsA), narrowed(y, rowsB)];
}

/** A member's rows, each with its key. */
function keyedRows<R>(member: LazyRows<R>): (readonly [string, R])[] {
  return member.rows().map((row) => [member.rowKey(row), row] as const);
}

/** Each key's rows, in order. */
function rowsByKey<R>(rows: readonly (readonly [string, R])[]): Map<string, R[]> {
  const byKey = new Map<string, R[]>();
  for (const [key, row] of rows) {
    const list = byKey.get(key);
    if (list) list.push(row);
    else byKey.set(key, [row]);
  }
  return byKey;
}

/** True when two flat rows (columns to scalars, in one column order) hold the same values. */
export function sameFlatRow(x: object, y: object): boolean {
  const [p, q] = [x as Record<string, unknown>, y as Record<string, unknown>];
  const keys = Object.keys(p);
  if (keys.length !== Object.keys(q).length) return false;
  for (const key of keys) if (p[key] !== q[key] || !Object.hasOwn(q, key)) return false;
  return true;
}

/** A deep copy of JSON-like data as a tree: objects lose their prototype, undefined members are dropped. */
export function toTree(value: unknown): Tree {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(toTree);
  if (typeof value === 'object') {
    return object(Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined).map((k) => [k, toTree((value as Record<string, unknown>)[k])]));
  }
  return String(value);
}

/**
 * Items as an object keyed by `key`: the first item of a key keeps it, the next ones get `key#2`,
 * `key#3`… in the items' order (an ordinal, so that duplicates are compared in turn).
 */
export function keyed<T>(items: Iterable<T>, key: (item: T) => string, value: (item: T) => Tree): TreeObject {
  const taken = new Set<string>();
  // The next ordinal to try per key: hundreds of equal keys (a daemon's sockets) stay linear.
  const next = new Map<string, number>();
  const entries: [string, Tree][] = [];
  for (const item of items) {
    const base = key(item);
    let unique = base;
    let n = next.get(base) ?? 2;
    for (; taken.has(unique); n++) unique = `${base}#${n}`;
    if (unique !== base) next.set(base, n);
    taken.add(unique);
    entries.push([unique, value(item)]);
  }
  return object(entries);
}

/**
 * Items paired with their match key, in an order that does not depend on how the host numbered
 * them: by key, then by `content` (what is compared). Two fds on one path (a shim's init-stderr
 * opened twice) then take `#2` by their flags, not by which number the kernel handed out first.
 */
export function byMatchKey<T>(items: Iterable<T>, key: (item: T) => string, content: (item: T) => string): [string, T][] {
  const pairs = [...items].map((item): [string, T, string] => [key(item), item, content(item)]);
  const compare = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  pairs.sort((a, b) => compare(a[0], b[0]) || compare(a[2], b[2]));
  return pairs.map(([k, item]) => [k, item]);
}

/** A set of strings as an object whose keys are the members (all true): order and repeats mean nothing. */
export function setOf(values: Iterable<string>): TreeObject {
  return object([...new Set(values)].map((v) => [v, true]));
}

export function isTreeObject(value: unknown): value is TreeObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Strict structural equality of two trees. */
export function sameTree(a: Tree, b: Tree): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameTree(x, b[i] as Tree));
  }
  if (!isTreeObject(a) || !isTreeObject(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && sameTree(a[k] as Tree, b[k] as Tree));
}
