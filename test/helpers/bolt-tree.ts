/**
 * A bbolt file built from a tree of buckets (layout: go.etcd.io/bbolt page.go, db.go): 4 KiB
 * pages, meta pages 0 and 1, the root bucket's leaf at page 2 (with overflow pages when larger),
 * every nested bucket inline in its parent's value, as bbolt stores small buckets.
 */
export type BoltTreeSpec = { readonly [key: string]: Buffer | string | BoltTreeSpec };

export const PAGE = 4096;
const MAGIC = 0xed0cdaed;

export interface LeafElement {
  readonly key: Buffer;
  readonly value: Buffer;
  /** True for a bucket value (element flag 1). */
  readonly bucket: boolean;
}

/** Writes a leaf page's header (id, flags, count) and its elements, keys and values into `page`. */
export function writeLeaf(page: Buffer, id: number, entries: readonly LeafElement[]): Buffer {
  page.writeBigUInt64LE(BigInt(id), 0);
  page.writeUInt16LE(0x02, 8);
  page.writeUInt16LE(entries.length, 10);
  let data = 16 + entries.length * 16;
  entries.forEach((entry, i) => {
    const element = 16 + i * 16;
    page.writeUInt32LE(entry.bucket ? 1 : 0, element);
    page.writeUInt32LE(data - element, element + 4);
    page.writeUInt32LE(entry.key.length, element + 8);
    page.writeUInt32LE(entry.value.length, element + 12);
    entry.key.copy(page, data);
    entry.value.copy(page, data + entry.key.length);
    data += entry.key.length + entry.value.length;
  });
  return page;
}

/** A leaf page of exactly the size its elements need: 16-byte header, 16 bytes per element, then keys and values. */
function leafPage(tree: BoltTreeSpec, id = 0): Buffer {
  const entries = Object.keys(tree).sort().map((key) => {
    const value = tree[key]!;
    if (typeof value === 'string' || Buffer.isBuffer(value)) return { key: Buffer.from(key), value: Buffer.from(value), bucket: false };
    return { key: Buffer.from(key), value: Buffer.concat([Buffer.alloc(16), leafPage(value)]), bucket: true };
  });
  const size = 16 + entries.length * 16 + entries.reduce((n, e) => n + e.key.length + e.value.length, 0);
  return writeLeaf(Buffer.alloc(size), id, entries);
}

/** A meta page: magic, version 2, 4 KiB pages, the root bucket at page 2, transaction `txid`. */
export function metaPage(id: number, txid: number): Buffer {
  const p = Buffer.alloc(PAGE);
  p.writeBigUInt64LE(BigInt(id), 0);
  p.writeUInt16LE(0x04, 8);
  p.writeUInt32LE(MAGIC, 16);
  p.writeUInt32LE(2, 20);
  p.writeUInt32LE(PAGE, 24);
  p.writeBigUInt64LE(2n, 32);
  p.writeBigUInt64LE(BigInt(txid), 64);
  return p;
}

export function buildBoltFile(tree: BoltTreeSpec): Buffer {
  const root = leafPage(tree, 2);
  const pages = Math.ceil(root.length / PAGE);
  const padded = Buffer.concat([root, Buffer.alloc(pages * PAGE - root.length)]);
  padded.writeUInt32LE(pages - 1, 12);
  return Buffer.concat([metaPage(0, 1), metaPage(1, 0), padded]);
}
