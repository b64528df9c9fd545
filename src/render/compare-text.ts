import type { CompareResult } from '../compare/types.js';
import { compareSummaryLine, differencesOf, itemPath, itemsByHost, type HostItem } from './compare-format.js';
import { escapeControl } from './escape.js';

const COLORS = { '+': '\x1b[32m', '-': '\x1b[31m', '~': '\x1b[33m', '?': '\x1b[35m', dim: '\x1b[2m' } as const;
const RESET = '\x1b[0m';

/**
 * The text report, the hosts that differ most first: each host's differences from the majority
 * (`~ container web  /HostConfig/Memory  268435456  (majority 0 on 4 of 5 hosts)`, `+ container
 * debug` for one most hosts lack, `- container cache` for one most have), then the hosts that
 * agree, skipped files, and a summary line.
 */
export function renderCompareText(result: CompareResult, options: { readonly color: boolean }): string {
  const paint = (color: keyof typeof COLORS, text: string) => (options.color ? `${COLORS[color]}${text}${RESET}` : text);
  const items = itemsByHost(result);
  const line = (i: HostItem) =>
    `  ${paint(i.mark, `${i.mark} ${i.entity_kind} ${escapeControl(i.entity_key)}`)}${[itemPath(i), i.detail].filter(Boolean).map((t) => `  ${escapeControl(t)}`).join('')}${i.majority ? `  ${paint('dim', `(${escapeControl(i.majority)})`)}` : ''}\n`;
  let text = '';
  for (const host of result.hosts) {
    const list = items.get(host.name) ?? [];
    if (list.length === 0) continue;
    const unknown = host.unknown > 0 ? `, ${host.unknown} unknown` : '';
    text += `${escapeControl(host.name)}: ${differencesOf(host.differences)}${unknown}\n${list.map(line).join('')}\n`;
  }
  const agreeing = result.hosts.filter((h) => h.differences === 0 && h.unknown === 0).map((h) => escapeControl(h.name));
  if (agreeing.length > 0) text += `agree with the majority (${agreeing.length}): ${agreeing.join(', ')}\n\n`;
  if (result.skipped.length > 0) text += `skipped (${result.skipped.length}): ${result.skipped.map((s) => escapeControl(`${s.path} (${s.reason})`)).join(', ')}\n\n`;
  return `${text}${compareSummaryLine(result)}\n`;
}
