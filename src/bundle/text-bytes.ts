/**
 * Byte columns (cmdline, log tails, file contents) are redacted as text without losing a byte.
 * Valid UTF-8 decodes as itself; each byte that is not part of a valid UTF-8 sequence becomes a
 * lone low surrogate U+DC80–U+DCFF (Python's "surrogateescape"), which valid UTF-8 never decodes
 * to, so encoding maps it back to the same byte. A stray byte is thus never whitespace to the
 * rules (latin1 would make 0xA0 a non-breaking space and cut a secret short), and a tail that
 * starts inside a multi-byte character loses only that character's first bytes, not its text.
 */

const ESCAPE_BASE = 0xdc00;

/** Bytes as text, every invalid byte escaped (see above). */
export function decodeBytes(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  // Most columns are valid UTF-8: the decoder marks every invalid byte with U+FFFD, and a U+FFFD
  // that was in the bytes themselves survives a round trip.
  if (!text.includes('\ufffd') || Buffer.from(text, 'utf8').equals(bytes)) return text;
  let out = '';
  let runStart = 0;
  let i = 0;
  while (i < bytes.length) {
    const length = sequenceLength(bytes, i);
    if (length > 0) {
      i += length;
      continue;
    }
    out += bytes.toString('utf8', runStart, i) + String.fromCharCode(ESCAPE_BASE + (bytes[i] ?? 0));
    i += 1;
    runStart = i;
  }
  return out + bytes.toString('utf8', runStart, bytes.length);
}

/** Text back to bytes: escaped bytes become themselves again, everything else UTF-8. */
export function encodeText(text: string): Buffer {
  if (!/[\udc80-\udcff]/.test(text)) return Buffer.from(text, 'utf8');
  const parts: Buffer[] = [];
  let runStart = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0xdc80 || code > 0xdcff) continue;
    // A low surrogate after a high one is half of a real character, never an escaped byte.
    const previous = i > 0 ? text.charCodeAt(i - 1) : 0;
    if (previous >= 0xd800 && previous <= 0xdbff) continue;
    parts.push(Buffer.from(text.slice(runStart, i), 'utf8'), Buffer.from([code - ESCAPE_BASE]));
    runStart = i + 1;
  }
  parts.push(Buffer.from(text.slice(runStart), 'utf8'));
  return Buffer.concat(parts);
}

/** The length of the valid UTF-8 sequence starting at `i`, or 0 when the byte there starts none. */
function sequenceLength(bytes: Buffer, i: number): number {
  const lead = bytes[i] ?? 0;
  if (lead < 0x80) return 1;
  const cont = (k: number, low = 0x80, high = 0xbf) => {
    const b = bytes[i + k];
    return b !== undefined && b >= low && b <= high;
  };
  if (lead >= 0xc2 && lead <= 0xdf) return cont(1) ? 2 : 0;
  if (lead === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if (lead === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (lead >= 0xe1 && lead <= 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (lead === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (lead >= 0xf1 && lead <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (lead === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}
