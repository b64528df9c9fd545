import type { Change, DiffResult } from '../diff/types.js';
import { escapeControl } from './escape.js';
import { changeDetail, runtimeByEntity, runtimeSummary, sign, summaryLine, unknownDetail, type DiffRenderOptions } from './diff-format.js';

const COLORS = { '+': '\x1b[32m', '-': '\x1b[31m', '~': '\x1b[33m', '?': '\x1b[35m', dim: '\x1b[2m' } as const;
const RESET = '\x1b[0m';

/**
 * The text report: one line per config change, grouped by entity (`~ container web  /HostConfig/Memory  0 → 67108864`,
 * `+ container cache`); the runtime group (one line per entity unless --show-runtime); unknowns;
 * suppressed changes with their rule (--show-suppressed); and a summary line.
 */
export function renderDiffText(result: DiffResult, options: DiffRenderOptions): string {
  const paint = (color: keyof typeof COLORS, text: string) => (options.color ? `${COLORS[color]}${text}${RESET}` : text);
  const line = (mark: '+' | '-' | '~' | '?', c: Pick<Change, 'entity_kind' | 'entity_key'>, detail: string) =>
    `${paint(mark, `${mark} ${c.entity_kind} ${escapeControl(c.entity_key)}`)}${detail ? `  ${detail}` : ''}\n`;
  const config = result.changes.filter((c) => c.group === 'config');
  const runtime = result.changes.filter((c) => c.group === 'runtime');
  let text = config.map((c) => line(sign(c) as '+', c, changeDetail(c))).join('');
  if (runtime.length > 0) {
    text += `${text ? '\n' : ''}${paint('dim', `runtime changes (${runtime.length})${options.showRuntime ? '' : '; --show-runtime lists each'}`)}\n`;
    text += options.showRuntime
      ? runtime.map((c) => line(sign(c) as '+', c, `${changeDetail(c)}${changeDetail(c) ? '  ' : ''}(${c.rule})`)).join('')
      : runtimeByEntity(runtime).map((g) => line(g.changes.length === 1 ? (sign(g.first) as '+') : '~', g.first, runtimeSummary(g.changes))).join('');
  }
  if (result.unknowns.length > 0) {
    text += `${text ? '\n' : ''}unknown (${result.unknowns.length}): not read by one snapshot, so neither equal nor different\n`;
    text += result.unknowns.map((u) => line('?', u, unknownDetail(u))).join('');
  }
  if (options.showSuppressed && result.suppressed.length > 0) {
    text += `${text ? '\n' : ''}${paint('dim', `suppressed (${result.suppressed.length})`)}\n`;
    text += result.suppressed.map((c) => line(sign(c) as '+', c, `${changeDetail(c)}${changeDetail(c) ? '  ' : ''}[${c.rule}]`)).join('');
  }
  return `${text}${text ? '\n' : ''}${summaryLine(result)}\n`;
}
