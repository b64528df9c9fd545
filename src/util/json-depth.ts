import { READ_LIMITS } from './read-limits.js';

/**
 * JSON from the examined host may be nested to any depth (100,000 levels fit in a small file).
 * JSON.parse copes, but JSON.stringify and every recursive walk (diff, redaction, rendering) do
 * not, so a captured document is kept to READ_LIMITS.jsonDepth levels: a deeper value is replaced
 * by DEEP_JSON_MARKER, and the caller records a capture_error. The file's bytes stay verbatim.
 */
export const DEEP_JSON_MARKER = `[nested deeper than ${READ_LIMITS.jsonDepth} levels: not kept]`;

/** The deepest nesting of objects and arrays in JSON text (strings skipped), by one pass over the characters. */
export function jsonTextDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > deepest) deepest = depth;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

/** A copy of `value` with every object or array below `maxDepth` levels replaced by DEEP_JSON_MARKER (iterative). */
export function limitJsonDepth(value: unknown, maxDepth: number = READ_LIMITS.jsonDepth): unknown {
  const holder: Record<string, unknown> = { value };
  const stack: [Record<string, unknown>, string, number][] = [[holder, 'value', 1]];
  while (stack.length > 0) {
    const [parent, key, depth] = stack.pop()!;
    const child = parent[key];
    if (child === null || typeof child !== 'object') continue;
    if (depth > maxDepth) {
      parent[key] = DEEP_JSON_MARKER;
      continue;
    }
    const copy: Record<string, unknown> = Array.isArray(child) ? ([...child] as unknown as Record<string, unknown>) : {};
    if (!Array.isArray(child)) for (const k of Object.keys(child)) Object.defineProperty(copy, k, { value: (child as Record<string, unknown>)[k], enumerable: true, writable: true, configurable: true });
    parent[key] = copy;
    for (const k of Object.keys(copy)) stack.push([copy, k, depth + 1]);
  }
  return holder['value'];
}

/**
 * Whether a parsed value nests objects and arrays deeper than `maxDepth` levels. It looks no further
 * than one level past the limit, and walks values rather than characters: several times cheaper
 * than jsonTextDepth on documents whose strings are long.
 */
export function jsonValueDeeperThan(value: unknown, maxDepth: number = READ_LIMITS.jsonDepth): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (maxDepth === 0) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (jsonValueDeeperThan(item, maxDepth - 1)) return true;
    return false;
  }
  for (const key in value) if (jsonValueDeeperThan((value as Record<string, unknown>)[key], maxDepth - 1)) return true;
  return false;
}

/** Parsed JSON from the host, deep values cut: `deep` says whether anything was cut. @throws SyntaxError */
export function parseHostJson(text: string): { value: unknown; deep: boolean } {
  const value = JSON.parse(text) as unknown;
  if (!jsonValueDeeperThan(value)) return { value, deep: false };
  return { value: limitJsonDepth(value), deep: true };
}
