import type { CompareResult } from '../compare/types.js';
import { compareSummaryLine, differencesOf, itemPath, itemsByHost } from './compare-format.js';
import { mdCell as cell, mdCode as code } from './markdown-cell.js';

/**
 * A report ready to paste into an issue: the summary, the hosts in rank order, then one table
 * per host that differs (its differences, each with the majority), skipped files, and a folded
 * count of what the noise rules left out.
 */
export function renderCompareMarkdown(result: CompareResult): string {
  const lines = ['# docksnap compare', '', cell(compareSummaryLine(result)), '', '## Hosts', '', '| rank | host | differences | unknown | host name | captured |', '| ---: | --- | ---: | ---: | --- | --- |'];
  result.hosts.forEach((h, i) => lines.push(`| ${i + 1} | ${cell(h.name)} | ${h.differences} | ${h.unknown} | ${cell(h.host_name ?? '-')} | ${cell(h.started_at)} |`));
  const items = itemsByHost(result);
  for (const host of result.hosts) {
    const list = items.get(host.name) ?? [];
    if (list.length === 0) continue;
    lines.push('', `## ${cell(host.name)}: ${differencesOf(host.differences)}${host.unknown > 0 ? `, ${host.unknown} unknown` : ''}`, '', '| | entity | path | value | majority |', '| --- | --- | --- | --- | --- |');
    lines.push(...list.map((i) => `| ${i.mark} | ${cell(`${i.entity_kind} ${i.entity_key}`)} | ${i.path ? code(itemPath(i)) : ''} | ${i.detail ? code(i.detail) : ''} | ${cell(i.majority)} |`));
  }
  if (result.skipped.length > 0) {
    lines.push('', '## Skipped files', '', '| file | why |', '| --- | --- |', ...result.skipped.map((s) => `| ${code(s.path)} | ${cell(s.reason)} |`));
  }
  const rules = Object.entries(result.summary.suppressed);
  if (rules.length > 0) {
    lines.push('', '<details>', '<summary>values suppressed as noise, by rule</summary>', '', '| rule | values |', '| --- | ---: |', ...rules.map(([rule, n]) => `| ${cell(rule)} | ${n} |`), '', '</details>');
  }
  return `${lines.join('\n')}\n`;
}
