import { READ_LIMITS } from '../../util/read-limits.js';

/**
 * Just enough of bbolt (go.etcd.io/bbolt) to list one top-level bucket of a database file that is
 * already in memory, read-only: volumes/metadata.db and network/files/local-kv.db are bbolt.
 * Layout: pages of `pageSize` bytes, each with a 16-byte header (id u64, flags u16, count u16,
 * overflow u32); pages 0 and 1 are meta pages (the one with the higher txid is current); a bucket
 * is a B+tree of branch and leaf pages, or, when small, inline in its parent's value.
 */

const MAGIC = 0xed0cdaed;
const PAGE_HEADER = 16;
const BRANCH = 0x01;
const LEAF = 0x02;
const BUCKET_VALUE = 0x01;
const MAX_DEPTH = 64;


export class BoltFormatError extends Error {
  readonly code = 'bad-bolt';
}

/**
 * The key/value pairs of the top-level bucket `name` (keys and values as bytes, nested buckets skipped).
 * A page reached a second time (a crafted file whose branches share pages: a DAG, not a tree) is
 * not walked again and is reported through `onProblem`; a walk visits at most READ_LIMITS.boltPages pages.
 * @throws BoltFormatError when the file is not a bbolt database, a page lies outside it, or the page budget runs out
 */
export function readBoltBucket(file: Buffer, name: string, onProblem: (message: string) => void = () => undefined): Map<string, Buffer> {
  try {
    const meta = currentMeta(file);
    const walk: Walk = { file, pageSize: meta.pageSize, visited: new Set<bigint>(), onProblem, sharedReported: false };
    const root = new Map<string, Buffer>();
    collect(walk, { page: meta.rootPage, inline: undefined }, root, new Map());
    const bucket = root.get(name);
    if (!bucket) return new Map();
    const pairs = new Map<string, Buffer>();
    collect(walk, bucketRoot(bucket), new Map(), pairs);
    return pairs;
  } catch (error) {
    if (error instanceof RangeError) throw new BoltFormatError(`a page's elements lie outside it: ${error.message}`);
    throw error;
  }
}

function currentMeta(file: Buffer): { pageSize: number; rootPage: bigint } {
  const first = readMeta(file, 0);
  const second = readMeta(file, first?.pageSize ?? 4096);
  const current = [first, second].filter((m) => m !== undefined).sort((a, b) => (a.txid > b.txid ? -1 : 1))[0];
  if (!current) throw new BoltFormatError('not a bbolt database (no valid meta page)');
  return current;
}

function readMeta(file: Buffer, offset: number): { pageSize: number; rootPage: bigint; txid: bigint } | undefined {
  const at = offset + PAGE_HEADER;
  if (file.length < at + 64 || file.readUInt32LE(at) !== MAGIC) return undefined;
  return { pageSize: file.readUInt32LE(at + 8), rootPage: file.readBigUInt64LE(at + 16), txid: file.readBigUInt64LE(at + 48) };
}

type Where = { page: bigint; inline: Buffer | undefined };

/** A bucket value: 16-byte header (root page u64, sequence u64), then the inline page when root is 0. */
function bucketRoot(value: Buffer): Where {
  const page = value.readBigUInt64LE(0);
  return page === 0n ? { page, inline: value.subarray(16) } : { page, inline: undefined };
}

interface Walk {
  readonly file: Buffer;
  readonly pageSize: number;
  /** Every page id walked so far, across the whole read: also the page budget's count. */
  readonly visited: Set<bigint>;
  readonly onProblem: (message: string) => void;
  /** A crafted file can share pages a million times over: it is said once. */
  sharedReported: boolean;
}

/** Walks a bucket's tree (iteratively, no page twice); top-level buckets go to `buckets`, plain pairs to `pairs`. */
function collect(walk: Walk, start: Where, buckets: Map<string, Buffer>, pairs: Map<string, Buffer>): void {
  const stack: { where: Where; depth: number }[] = [{ where: start, depth: 0 }];
  while (stack.length > 0) {
    const { where, depth } = stack.pop()!;
    if (depth > MAX_DEPTH) throw new BoltFormatError('bucket tree too deep');
    if (where.inline === undefined) {
      if (walk.visited.has(where.page)) {
        if (!walk.sharedReported) walk.onProblem(`page ${where.page} is reached twice (branches share pages): every page is walked once`);
        walk.sharedReported = true;
        continue;
      }
      if (walk.visited.size >= READ_LIMITS.boltPages) throw new BoltFormatError(`more than ${READ_LIMITS.boltPages} pages to walk`);
      walk.visited.add(where.page);
    }
    const page = where.inline ?? pageAt(walk.file, walk.pageSize, where.page);
    const flags = page.readUInt16LE(8);
    const count = page.readUInt16LE(10);
    const children: Where[] = [];
    for (let i = 0; i < count; i++) {
      const element = PAGE_HEADER + i * 16;
      if (flags & BRANCH) {
        children.push({ page: page.readBigUInt64LE(element + 8), inline: undefined });
      } else if (flags & LEAF) {
        const elementFlags = page.readUInt32LE(element);
        const pos = page.readUInt32LE(element + 4);
        const keySize = page.readUInt32LE(element + 8);
        const valueSize = page.readUInt32LE(element + 12);
        const key = page.subarray(element + pos, element + pos + keySize).toString('utf8');
        const value = page.subarray(element + pos + keySize, element + pos + keySize + valueSize);
        (elementFlags & BUCKET_VALUE ? buckets : pairs).set(key, value);
      }
    }
    // Pushed in reverse so that pages are walked in key order, as the recursion did.
    for (let i = children.length - 1; i >= 0; i--) stack.push({ where: children[i]!, depth: depth + 1 });
  }
}

function pageAt(file: Buffer, pageSize: number, id: bigint): Buffer {
  const start = Number(id) * pageSize;
  if (pageSize < 512 || start + PAGE_HEADER > file.length) throw new BoltFormatError(`page ${id} lies outside the file`);
  const overflow = file.readUInt32LE(start + 12);
  return file.subarray(start, Math.min(file.length, start + (overflow + 1) * pageSize));
}

/**
 * The bucket reached by following `path` from the top level (libpod nests one bucket per
 * container): its plain pairs and the names of its nested buckets. A missing bucket is empty.
 * @throws BoltFormatError when the file is not a bbolt database or a page lies outside it
 */
export function readBoltPath(file: Buffer, path: readonly string[], onProblem: (message: string) => void = () => undefined): { pairs: Map<string, Buffer>; buckets: string[] } {
  try {
    const meta = currentMeta(file);
    // Each descent is its own walk: the levels above are read again, which is not a shared page.
    const walk = (): Walk => ({ file, pageSize: meta.pageSize, visited: new Set<bigint>(), onProblem, sharedReported: false });
    let where: Where = { page: meta.rootPage, inline: undefined };
    for (const name of path) {
      const buckets = new Map<string, Buffer>();
      collect(walk(), where, buckets, new Map());
      const value = buckets.get(name);
      if (!value) return { pairs: new Map(), buckets: [] };
      where = bucketRoot(value);
    }
    const buckets = new Map<string, Buffer>();
    const pairs = new Map<string, Buffer>();
    collect(walk(), where, buckets, pairs);
    return { pairs, buckets: [...buckets.keys()] };
  } catch (error) {
    if (error instanceof RangeError) throw new BoltFormatError(`a page's elements lie outside it: ${error.message}`);
    throw error;
  }
}

/** A bucket read whole: its plain pairs and its nested buckets, each read the same way. */
export interface BoltTree {
  readonly pairs: Map<string, Buffer>;
  readonly buckets: Map<string, BoltTree>;
}

/**
 * The bucket at `path` with everything nested in it, down to `depth` levels (containerd nests a
 * namespace's containers, images, snapshots and leases, each a bucket of buckets). One walk for the
 * whole tree: no page twice, at most READ_LIMITS.boltPages pages. A missing bucket is empty.
 * @throws BoltFormatError when the file is not a bbolt database, a page lies outside it, or the page budget runs out
 */
export function readBoltTree(file: Buffer, path: readonly string[], depth: number, onProblem: (message: string) => void = () => undefined): BoltTree {
  try {
    const meta = currentMeta(file);
    const walk: Walk = { file, pageSize: meta.pageSize, visited: new Set<bigint>(), onProblem, sharedReported: false };
    let where: Where = { page: meta.rootPage, inline: undefined };
    for (const name of path) {
      const buckets = new Map<string, Buffer>();
      collect(walk, where, buckets, new Map());
      const value = buckets.get(name);
      if (!value || value.length < 16) return { pairs: new Map(), buckets: new Map() };
      where = bucketRoot(value);
    }
    return treeAt(walk, where, depth);
  } catch (error) {
    if (error instanceof RangeError) throw new BoltFormatError(`a page's elements lie outside it: ${error.message}`);
    throw error;
  }
}

function treeAt(walk: Walk, where: Where, depth: number): BoltTree {
  const raw = new Map<string, Buffer>();
  const pairs = new Map<string, Buffer>();
  collect(walk, where, raw, pairs);
  const buckets = new Map<string, BoltTree>();
  if (depth > 0) for (const [name, value] of raw) if (value.length >= 16) buckets.set(name, treeAt(walk, bucketRoot(value), depth - 1));
  return { pairs, buckets };
}
