import type { DiffTimeline } from '../diff/timeline.js';
import type { Change } from '../diff/types.js';
import { escapeControl } from './escape.js';
import { captureWindow, changeDetail, detailLines, execDetail, isExecChange, sign, type DiffRenderOptions } from './diff-format.js';

type StepChange = DiffTimeline['changes'][number];

/** `#1 → #2`: a step by its snapshots' numbers in the list at the top. */
export const stepLabel = (t: DiffTimeline, step: number) => `#${(t.steps[step]?.from ?? step) + 1} → #${(t.steps[step]?.to ?? step + 1) + 1}`;

/** Each step's capture window, for state changes Docker records no time of (paused). */
export function stepWindow(t: DiffTimeline, step: number): { from: string; to: string } {
  const s = t.steps[step];
  return captureWindow({ a: t.snapshots[s?.from ?? 0]!, b: t.snapshots[s?.to ?? 0]! });
}

/** Changes grouped by entity, in the timeline's order (entity, then time). */
export function byEntity<T extends Pick<Change, 'entity_kind' | 'entity_key'>>(items: readonly T[]): { title: string; items: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const title = `${item.entity_kind} ${item.entity_key}`;
    groups.set(title, [...(groups.get(title) ?? []), item]);
  }
  return [...groups].map(([title, list]) => ({ title, items: list }));
}

export function timelineChangeDetail(t: DiffTimeline, c: StepChange): string {
  return isExecChange(c) ? execDetail(c) : changeDetail(c, stepWindow(t, c.step)) || (c.kind === 'added' ? 'added' : c.kind === 'removed' ? 'removed' : 'changed');
}

/**
 * The text report of a series: the snapshots numbered in capture order, then each entity with
 * its state and config changes in time order (`  #2 → #3  ~ /HostConfig/Memory  0 → 67108864`),
 * the runtime changes listed only with --show-runtime, and one summary line per step.
 */
export function renderTimelineText(t: DiffTimeline, options: DiffRenderOptions): string {
  const lines = ['snapshots, in capture order:', ...t.snapshots.map((s, i) => `  #${i + 1}  ${s.started_at}  ${s.host_name ?? 'unknown host'}  ${s.path}`)];
  const shown = t.changes.filter((c) => c.group !== 'runtime' || options.showRuntime);
  for (const { title, items } of byEntity(shown)) {
    lines.push('', title);
    for (const c of items) {
      lines.push(`  ${stepLabel(t, c.step)}  ${sign(c)} ${timelineChangeDetail(t, c)}${c.group === 'runtime' ? `  (${c.rule})` : ''}`);
      lines.push(...detailLines(c).map((l) => `        ${l}`));
    }
  }
  if (t.unknowns.length > 0) {
    lines.push('', `unknown (${t.unknowns.length}): not read by one snapshot, so neither equal nor different`);
    lines.push(...t.unknowns.map((u) => `  ${stepLabel(t, u.step)}  ? ${u.entity_kind} ${u.entity_key}  ${u.path || '(entity)'}  ${u.reason}`));
  }
  if (options.showSuppressed && t.suppressed.length > 0) {
    lines.push('', `suppressed (${t.suppressed.length})`);
    lines.push(...t.suppressed.map((c) => `  ${stepLabel(t, c.step)}  ${sign(c)} ${c.entity_kind} ${c.entity_key}  ${changeDetail(c)}  [${c.rule}]`));
  }
  lines.push('');
  for (const [i, s] of t.steps.entries()) {
    const x = s.summary;
    lines.push(`${stepLabel(t, i)}: ${x.state} state changes; ${x.added} added, ${x.removed} removed, ${x.changed} changed; ${x.runtime} runtime changes${options.showRuntime ? '' : ' (--show-runtime lists them)'}; ${x.suppressed} suppressed; ${x.unknown} unknown`);
  }
  // Every line holds values from the hosts: none may drive the terminal.
  return `${lines.map(escapeControl).join('\n')}\n`;
}
