import type { DiffTimeline } from '../diff/timeline.js';
import { readablePath, sign, formatValue, type DiffRenderOptions } from './diff-format.js';
import { mdCell, mdCode } from './markdown-cell.js';
import { stepLabel, timelineChangeDetail } from './timeline-text.js';

/**
 * A series as a report to paste into an issue: one paragraph (hosts, time range, counts), the
 * snapshots numbered, the state changes and the configuration changes each as one table in
 * entity-then-time order, and the runtime (and suppressed) changes folded in `<details>`.
 */
export function renderTimelineMarkdown(t: DiffTimeline, options: DiffRenderOptions): string {
  const total = (k: keyof DiffTimeline['steps'][number]['summary']) => t.steps.reduce((n, s) => n + s.summary[k], 0);
  const hosts = [...new Set(t.snapshots.map((s) => s.host_name ?? 'unknown'))];
  const first = t.snapshots[0];
  const last = t.snapshots.at(-1);
  const lines = [
    '# docksnap diff over time',
    '',
    `${t.snapshots.length} snapshots of ${hosts.map(mdCell).join(', ')} from ${mdCell(first?.started_at ?? '?')} to ${mdCell(last?.started_at ?? '?')}, each compared with the next: ` +
      `**${total('state')} state changes**, **${total('added')} added, ${total('removed')} removed, ${total('changed')} changed** in configuration, ` +
      `${total('runtime')} runtime changes, ${total('suppressed')} suppressed as noise, ${total('unknown')} unknown.`,
    '',
    '| # | captured | host | snapshot |',
    '| --- | --- | --- | --- |',
    ...t.snapshots.map((s, i) => `| ${i + 1} | ${mdCell(s.started_at)} | ${mdCell(s.host_name ?? 'unknown')} | ${mdCode(s.path)} |`),
  ];
  const table = (title: string, group: string) => {
    const rows = t.changes.filter((c) => c.group === group);
    if (rows.length === 0) return;
    lines.push('', `## ${title}`, '', '| when | | entity | change |', '| --- | --- | --- | --- |');
    lines.push(...rows.map((c) => `| ${stepLabel(t, c.step)} | ${sign(c)} | ${mdCell(`${c.entity_kind} ${c.entity_key}`)} | ${mdCell(timelineChangeDetail(t, c))}${group === 'runtime' ? ` (${c.rule})` : ''} |`));
  };
  table('State changes', 'state');
  table('Configuration changes', 'config');
  const runtime = t.changes.filter((c) => c.group === 'runtime');
  const suppressed = options.showSuppressed ? t.suppressed : [];
  if (runtime.length > 0 || suppressed.length > 0) {
    lines.push('', '<details>', `<summary>${[`${runtime.length} runtime changes`, ...(options.showSuppressed ? [`${suppressed.length} suppressed`] : [])].join(', ')}</summary>`);
    const folded = lines.length;
    table('Runtime changes', 'runtime');
    if (suppressed.length > 0) {
      lines.push('', '## Suppressed', '', '| when | | entity | path | rule |', '| --- | --- | --- | --- | --- |');
      lines.push(...suppressed.map((c) => `| ${stepLabel(t, c.step)} | ${sign(c)} | ${mdCell(`${c.entity_kind} ${c.entity_key}`)} | ${c.path ? mdCode(`${readablePath(c.path)} ${formatValue(c.kind === 'removed' ? c.old : c.new)}`) : ''} | ${c.rule} |`));
    }
    if (lines.length === folded) lines.push('');
    lines.push('', '</details>');
  }
  return `${lines.join('\n')}\n`;
}
