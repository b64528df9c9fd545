const decoder = new TextDecoder('utf-8', { fatal: false });

/** Splits NUL-separated bytes (cmdline, environ) into UTF-8 strings; invalid bytes become U+FFFD. */
export function splitNul(bytes: Uint8Array): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0) {
      parts.push(decoder.decode(bytes.subarray(start, i)));
      start = i + 1;
    }
  }
  if (start < bytes.length) parts.push(decoder.decode(bytes.subarray(start)));
  return parts;
}
