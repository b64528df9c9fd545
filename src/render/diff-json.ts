import type { DiffResult, EntityKind } from '../diff/types.js';
import type { DiffRenderOptions } from './diff-format.js';
import { renderJson } from './json.js';

/** One object of the JSON report; every object has every member, in this order. */
interface DiffJsonEntry {
  readonly entity_kind: EntityKind;
  readonly entity_key: string;
  readonly container: string | null;
  readonly path: string;
  readonly kind: 'added' | 'removed' | 'changed' | 'unknown';
  readonly old: unknown;
  readonly new: unknown;
  readonly group: 'state' | 'config' | 'runtime' | 'unknown' | 'suppressed';
  readonly rule: string | null;
  readonly side: 'a' | 'b' | 'both' | null;
  readonly reason: string | null;
}

/**
 * The JSON report (schemas/diff.schema.json): an array with one object per change, state, config,
 * runtime, then the unknowns, then (with --show-suppressed) the suppressed changes.
 */
export function renderDiffJson(result: DiffResult, options: DiffRenderOptions): string {
  const entries: DiffJsonEntry[] = [
    ...result.changes.map((c) => ({ ...c, side: null, reason: null })),
    ...result.unknowns.map((u) => ({ ...u, kind: 'unknown' as const, group: 'unknown' as const, rule: null })),
    ...(options.showSuppressed ? result.suppressed.map((c) => ({ ...c, group: 'suppressed' as const, side: null, reason: null })) : []),
  ];
  return renderJson(entries.map((e): DiffJsonEntry => ({
    entity_kind: e.entity_kind,
    entity_key: e.entity_key,
    container: e.container,
    path: e.path,
    kind: e.kind,
    old: e.old,
    new: e.new,
    group: e.group,
    rule: e.rule,
    side: e.side,
    reason: e.reason,
  })));
}
