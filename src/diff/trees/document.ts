import { UNORDERED_ARRAYS } from '../keys.js';
import { escapeSegment } from '../pointer.js';
import { keyed, object, setOf, toTree, type Tree } from '../tree.js';

/**
 * One of Docker's JSON documents (HostConfig, daemon.json, /info) as a tree placed at `at` in
 * its entity: arrays whose order means nothing become sets or keyed objects (UNORDERED_ARRAYS),
 * and the members at `omit` (absolute pointers) are left out because the entity holds them
 * elsewhere, already keyed.
 */
export function documentTree(value: unknown, at: string, omit: ReadonlySet<string> = new Set()): Tree {
  if (Array.isArray(value)) {
    const rule = UNORDERED_ARRAYS[at];
    if (rule === 'set') return setOf(value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))));
    if (rule) {
      const field = rule.keyField;
      const keyOf = (v: unknown) => String(typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[field] : v);
      return keyed(value, keyOf, (v) => documentTree(v, `${at}/${escapeSegment(keyOf(v))}`, omit));
    }
    return value.map((v, i) => documentTree(v, `${at}/${i}`, omit));
  }
  if (typeof value === 'object' && value !== null) {
    const members = value as Record<string, unknown>;
    return object(
      Object.keys(members)
        .filter((k) => members[k] !== undefined && !omit.has(`${at}/${escapeSegment(k)}`))
        .map((k) => [k, documentTree(members[k], `${at}/${escapeSegment(k)}`, omit)]),
    );
  }
  return toTree(value);
}
