/** Values as containerd stores them, for crafted roots: digests, protobuf Any, Go varints and times. */
import { createHash } from 'node:crypto';

export const sha = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

/** google.protobuf.Any: field 1 type_url, field 2 value, each length-delimited (lengths under 2^14 here). */
export function any(typeUrl: string, value: string): Buffer {
  const field = (tag: number, bytes: Buffer) => Buffer.concat([Buffer.from([tag]), varint(bytes.length), bytes]);
  return Buffer.concat([field(0x0a, Buffer.from(typeUrl)), field(0x12, Buffer.from(value))]);
}

export function varint(n: number): Buffer {
  const out: number[] = [];
  for (; n >= 0x80; n >>>= 7) out.push((n & 0x7f) | 0x80);
  out.push(n);
  return Buffer.from(out);
}

/** Go's time.MarshalBinary, version 1, UTC (zone offset -1). */
export function goTime(iso: string, nanos: number): Buffer {
  const b = Buffer.alloc(15);
  b[0] = 1;
  b.writeBigInt64BE(BigInt(Date.parse(iso) / 1000) + 62_135_596_800n, 1);
  b.writeInt32BE(nanos, 9);
  b.writeInt16BE(-1, 13);
  return b;
}
