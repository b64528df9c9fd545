/**
 * The value encodings containerd's bbolt buckets use (metadata/buckets.go, snapshots/storage/bolt.go):
 * strings as bytes, sizes and ids as Go varints, times as Go's time.MarshalBinary.
 */
import type { BoltTree } from '../docker-root/bbolt.js';

/** Seconds from 0001-01-01 (Go's time epoch) to 1970-01-01. */
const GO_EPOCH_TO_UNIX = 62_135_596_800n;

/** A bucket's value as text; null when absent. */
export function text(tree: BoltTree | undefined, key: string): string | null {
  const value = tree?.pairs.get(key);
  return value === undefined ? null : value.toString('utf8');
}

/** An unsigned varint (binary.Uvarint: sizes, snapshot ids); null when absent or malformed. */
export function uvarint(bytes: Buffer | undefined): number | null {
  if (!bytes || bytes.length === 0) return null;
  let value = 0n;
  for (let i = 0; i < Math.min(bytes.length, 10); i++) {
    const byte = bytes[i]!;
    value |= BigInt(byte & 0x7f) << BigInt(7 * i);
    if ((byte & 0x80) === 0) return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : null;
  }
  return null;
}

/** A signed varint (binary.Varint: content sizes, the schema version); null when absent or malformed. */
export function varint(bytes: Buffer | undefined): number | null {
  const raw = uvarint(bytes);
  if (raw === null) return null;
  return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
}

/**
 * Go's time.MarshalBinary (version 1: 15 bytes, version 2: 16): version byte, seconds since
 * 0001-01-01 (int64 big-endian), nanoseconds (int32), zone offset in minutes; as UTC RFC 3339
 * with nanoseconds. Null when absent, malformed or outside the dates JavaScript can hold.
 */
export function goTime(bytes: Buffer | undefined): string | null {
  if (!bytes || (bytes.length !== 15 && bytes.length !== 16) || (bytes[0] !== 1 && bytes[0] !== 2)) return null;
  const unix = bytes.readBigInt64BE(1) - GO_EPOCH_TO_UNIX;
  const nanos = bytes.readInt32BE(9);
  if (nanos < 0 || nanos > 999_999_999) return null;
  const date = new Date(Number(unix) * 1000);
  if (Number.isNaN(date.getTime()) || unix === -GO_EPOCH_TO_UNIX) return null;
  return `${date.toISOString().slice(0, 19)}.${String(nanos).padStart(9, '0')}Z`;
}

/** A labels (or annotations) bucket as an object with no prototype; undefined when there is none. */
export function stringMap(tree: BoltTree | undefined): Record<string, string> | undefined {
  if (!tree || tree.pairs.size === 0) return undefined;
  const map: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [key, value] of tree.pairs) map[key] = value.toString('utf8');
  return map;
}
