import type { DiffTimeline } from '../diff/timeline.js';
import type { DiffRenderOptions } from './diff-format.js';
import { renderJson } from './json.js';

/**
 * The JSON report of a series (schemas/diff-timeline.schema.json): the snapshots in capture
 * order, each step's mode and counts, and every change with its step, by entity then time;
 * unknowns, then (with --show-suppressed) suppressed changes, the same way.
 */
export function renderTimelineJson(t: DiffTimeline, options: DiffRenderOptions): string {
  const entry = (e: { step: number; entity_kind: string; entity_key: string; container: string | null; path: string; kind: string; old: unknown; new: unknown }, group: string, rule: string | null, side: string | null, reason: string | null) => ({
    step: e.step, entity_kind: e.entity_kind, entity_key: e.entity_key, container: e.container, path: e.path, kind: e.kind, old: e.old, new: e.new, group, rule, side, reason,
  });
  return renderJson({
    snapshots: t.snapshots,
    steps: t.steps,
    changes: [
      ...t.changes.map((c) => entry(c, c.group, c.rule, null, null)),
      ...t.unknowns.map((u) => entry({ ...u, kind: 'unknown' }, 'unknown', null, u.side, u.reason)),
      ...(options.showSuppressed ? t.suppressed.map((c) => entry(c, 'suppressed', c.rule, null, null)) : []),
    ],
  });
}
