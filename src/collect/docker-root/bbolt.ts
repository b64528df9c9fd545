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
 * @throws BoltFormatError when the file is not a bbolt database or a page lies outside it
 */
export function readBoltBucket(file: Buffer, name: string): Map<string, Buffer> {
  const meta = currentMeta(file);
  const root = new Map<string, Buffer>();
  collect(file, meta.pageSize, { page: meta.rootPage, inline: undefined }, root, new Map(), 0);
  const bucket = root.get(name);
  if (!bucket) return new Map();
  const pairs = new Map<string, Buffer>();
  collect(file, meta.pageSize, bucketRoot(bucket), new Map(), pairs, 0);
  return pairs;
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

/** Walks a bucket's tree; top-level buckets go to `buckets`, plain pairs to `pairs`. */
function collect(file: Buffer, pageSize: number, where: Where, buckets: Map<string, Buffer>, pairs: Map<string, Buffer>, depth: number): void {
  if (depth > MAX_DEPTH) throw new BoltFormatError('bucket tree too deep');
  const page = where.inline ?? pageAt(file, pageSize, where.page);
  const flags = page.readUInt16LE(8);
  const count = page.readUInt16LE(10);
  for (let i = 0; i < count; i++) {
    const element = PAGE_HEADER + i * 16;
    if (flags & BRANCH) {
      collect(file, pageSize, { page: page.readBigUInt64LE(element + 8), inline: undefined }, buckets, pairs, depth + 1);
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
export function readBoltPath(file: Buffer, path: readonly string[]): { pairs: Map<string, Buffer>; buckets: string[] } {
  const meta = currentMeta(file);
  let where: Where = { page: meta.rootPage, inline: undefined };
  for (const name of path) {
    const buckets = new Map<string, Buffer>();
    collect(file, meta.pageSize, where, buckets, new Map(), 0);
    const value = buckets.get(name);
    if (!value) return { pairs: new Map(), buckets: [] };
    where = bucketRoot(value);
  }
  const buckets = new Map<string, Buffer>();
  const pairs = new Map<string, Buffer>();
  collect(file, meta.pageSize, where, buckets, pairs, 0);
  return { pairs, buckets: [...buckets.keys()] };
}
