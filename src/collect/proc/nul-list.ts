const decoder = new TextDecoder('utf-8', { fatal: false });

/** Splits NUL-separated bytes (cmdline, environ) into UTF-8 strings; invalid bytes become U+FFFD. */
export function splitNul(bytes: Uint8Array): string[] {
  return splitNulBytes(bytes).map((part) => decoder.decode(part));
}

/** Splits NUL-separated bytes into their entries, as bytes (a final entry without NUL included). */
export function splitNulBytes(bytes: Uint8Array): Uint8Array[] {
  const parts: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0) {
      parts.push(bytes.subarray(start, i));
      start = i + 1;
    }
  }
  if (start < bytes.length) parts.push(bytes.subarray(start));
  return parts;
}
