import type { Change, DiffResult, SuppressedChange } from '../diff/types.js';
import { escapeControl } from './escape.js';
import {
  captureWindow, changeDetail, detailLines, execDetail, isExecChange, runtimeByEntity, runtimeSign, runtimeSummary, sign, summaryLine, unknownDetail, type DiffRenderOptions,
} from './diff-format.js';

const COLORS = { '+': '\x1b[32m', '-': '\x1b[31m', '~': '\x1b[33m', '?': '\x1b[35m', dim: '\x1b[2m' } as const;
const RESET = '\x1b[0m';
type Mark = '+' | '-' | '~' | '?';

/**
 * The text report: state changes first (`~ container worker  running → exited (137)  at …`,
 * `+ exec in web: sh -c …`), then one line per config change (`~ container web  /HostConfig/Memory  0 → 67108864`,
 * `+ container cache`; a large object leaf by leaf on indented lines); the runtime group (one
 * line per entity, short-lived processes one line per container, unless --show-runtime);
 * unknowns; suppressed changes with their rule (--show-suppressed); and a summary line.
 */
export function renderDiffText(result: DiffResult, options: DiffRenderOptions): string {
  const window = captureWindow(result);
  const paint = (color: keyof typeof COLORS, text: string) => (options.color ? `${COLORS[color]}${text}${RESET}` : text);
  // Every value from the host goes through escapeControl: a name or argv cannot drive the terminal.
  const line = (mark: Mark, c: Pick<Change, 'entity_kind' | 'entity_key'>, detail: string) =>
    `${paint(mark, `${mark} ${c.entity_kind} ${escapeControl(c.entity_key)}`)}${detail ? `  ${escapeControl(detail)}` : ''}\n`;
  const full = (c: Change | SuppressedChange, note = '') => {
    const mark = sign(c) as Mark;
    const head = isExecChange(c) ? `${paint(mark, `${mark} ${escapeControl(execDetail(c))}`)}${note ? `  ${escapeControl(note)}` : ''}\n` : line(mark, c, [changeDetail(c, window), note].filter(Boolean).join('  '));
    return head + detailLines(c).map((l) => `    ${escapeControl(l)}\n`).join('');
  };
  const main = result.changes.filter((c) => c.group !== 'runtime');
  const runtime = result.changes.filter((c) => c.group === 'runtime');
  let text = main.map((c) => full(c)).join('');
  if (runtime.length > 0) {
    text += `${text ? '\n' : ''}${paint('dim', `runtime changes (${runtime.length})${options.showRuntime ? '' : '; --show-runtime lists each'}`)}\n`;
    text += options.showRuntime
      ? runtime.map((c) => full(c, `(${c.rule})`)).join('')
      : runtimeByEntity(runtime).map((g) => line(runtimeSign(g) as Mark, g, runtimeSummary(g.changes))).join('');
  }
  if (result.unknowns.length > 0) {
    text += `${text ? '\n' : ''}unknown (${result.unknowns.length}): not read by one snapshot, so neither equal nor different\n`;
    text += result.unknowns.map((u) => line('?', u, unknownDetail(u))).join('');
  }
  if (options.showSuppressed && result.suppressed.length > 0) {
    text += `${text ? '\n' : ''}${paint('dim', `suppressed (${result.suppressed.length})`)}\n`;
    text += result.suppressed.map((c) => full(c, `[${c.rule}]`)).join('');
  }
  return `${text}${text ? '\n' : ''}${summaryLine(result)}\n`;
}
