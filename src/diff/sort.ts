import { pointerSegments } from './pointer.js';
import { ENTITY_KINDS, type EntityKind } from './types.js';

interface Sortable {
  readonly entity_kind: EntityKind;
  readonly entity_key: string;
  readonly path: string;
  readonly order: string;
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Whole-number segments compare as numbers (fd 9 before fd 10), others by code unit. */
function comparePaths(a: string, b: string): number {
  const x = pointerSegments(a);
  const y = pointerSegments(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const [s, t] = [x[i] as string, y[i] as string];
    if (s === t) continue;
    const numeric = /^\d+$/.test(s) && /^\d+$/.test(t);
    return numeric ? Number(s) - Number(t) : byCodeUnit(s, t);
  }
  return x.length - y.length;
}

/**
 * Orders a report by entity kind, entity key, the pair's own identity and path: all the same
 * whichever snapshot comes first, so that `diff B A` lists the inverse of `diff A B` line by line.
 */
export function compareReportOrder(a: Sortable, b: Sortable): number {
  return (
    ENTITY_KINDS.indexOf(a.entity_kind) - ENTITY_KINDS.indexOf(b.entity_kind) ||
    byCodeUnit(a.entity_key, b.entity_key) ||
    byCodeUnit(a.order, b.order) ||
    comparePaths(a.path, b.path)
  );
}

/** The items sorted, without their sort key. */
export function sortForReport<T extends Sortable>(items: readonly T[]): Omit<T, 'order'>[] {
  return [...items].sort(compareReportOrder).map(({ order: _order, ...rest }) => rest);
}
