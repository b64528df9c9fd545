import { parseHostJson } from '../util/json-depth.js';

/** Rows grouped by an owner column, in the rows' order: one query per child table instead of one per owner. */
export function groupBy<T, K>(rows: readonly T[], owner: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const key = owner(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

/**
 * JSON text parsed, or null when absent or not JSON (a stored document is evidence, not trusted
 * input): values nested deeper than READ_LIMITS.jsonDepth become DEEP_JSON_MARKER, so that the
 * recursive walks of diff and the renderers never meet a document deeper than a capture keeps.
 */
export function parseJsonOrNull(text: string | null): unknown {
  if (text === null) return null;
  try {
    return parseHostJson(text).value;
  } catch {
    return null;
  }
}
