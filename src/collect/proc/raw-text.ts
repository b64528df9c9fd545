import { isUtf8 } from 'node:buffer';

const decoder = new TextDecoder('utf-8', { fatal: false });

/**
 * Text from the host with its exact bytes kept when they are not valid UTF-8 (a name, argv
 * entry, environ entry or path may hold any byte): `text` is the UTF-8 decoding (invalid bytes
 * become U+FFFD) and `raw` the bytes themselves, or null when `text` already says them exactly.
 */
export interface ExactText {
  readonly text: string;
  readonly raw: Buffer | null;
}

export function exactText(bytes: Uint8Array): ExactText {
  const text = decoder.decode(bytes);
  return { text, raw: isUtf8(bytes) ? null : Buffer.from(bytes) };
}

/** The same for a string whose characters are bytes (a table read as latin1, so that no byte is lost before parsing). */
export function exactFromBinary(binary: string): ExactText {
  return exactText(Buffer.from(binary, 'latin1'));
}
