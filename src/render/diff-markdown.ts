import type { Change, DiffResult, EntityKind, SuppressedChange } from '../diff/types.js';
import { ENTITY_KINDS } from '../diff/types.js';
import { mdCell as cell, mdCode as code } from './markdown-cell.js';
import {
  captureWindow, execDetail, formatValue, isExecChange, isStatusChange, readablePath, runtimeByEntity, runtimeSign, runtimeSummary, sign, statusDetail, type DiffRenderOptions,
} from './diff-format.js';

const TITLES: Readonly<Record<EntityKind, string>> = { container: 'Containers', process: 'Processes', daemon: 'Daemon', image: 'Images', file: 'Files', drift: 'Filesystem drift' };

/**
 * A report ready to paste into a GitHub issue: a one-paragraph summary (hosts, times, counts),
 * then the state changes, then the configuration changes by entity kind, the unknowns, and a
 * folded `<details>` with the runtime changes and (with --show-suppressed) the suppressed ones.
 */
export function renderDiffMarkdown(result: DiffResult, options: DiffRenderOptions): string {
  const lines = ['# docksnap diff', '', summaryParagraph(result)];
  const state = result.changes.filter((c) => c.group === 'state');
  if (state.length > 0) {
    lines.push('', '## State changes', '', '| | entity | change |', '| --- | --- | --- |');
    lines.push(...state.map((c) => `| ${sign(c)} | ${cell(`${c.entity_kind} ${c.entity_key}`)} | ${cell(isExecChange(c) ? execDetail(c) : isStatusChange(c) ? statusDetail(c, captureWindow(result)) : `${readablePath(c.path)} ${formatValue(c.new)}`)} |`));
  }
  const config = result.changes.filter((c) => c.group === 'config');
  if (config.length > 0) lines.push('', '## Configuration changes');
  for (const kind of ENTITY_KINDS) {
    const ofKind = config.filter((c) => c.entity_kind === kind);
    if (ofKind.length > 0) lines.push('', `### ${TITLES[kind]}`, '', ...changeTable(ofKind));
  }
  if (result.unknowns.length > 0) {
    lines.push('', '## Unknown', '', '| entity | path | not read by | why |', '| --- | --- | --- | --- |');
    lines.push(...result.unknowns.map((u) => `| ${cell(`${u.entity_kind} ${u.entity_key}`)} | ${code(readablePath(u.path))} | ${u.side === 'both' ? 'A and B' : u.side.toUpperCase()} | ${cell(u.reason)} |`));
  }
  const runtime = result.changes.filter((c) => c.group === 'runtime');
  const suppressed = options.showSuppressed ? result.suppressed : [];
  if (runtime.length > 0 || suppressed.length > 0) {
    const what = [`${runtime.length} runtime change${runtime.length === 1 ? '' : 's'}`, ...(options.showSuppressed ? [`${suppressed.length} suppressed`] : [])].join(', ');
    lines.push('', '<details>', `<summary>${what}</summary>`, '');
    if (runtime.length > 0) {
      lines.push('### Runtime changes', '');
      if (options.showRuntime) lines.push(...changeTable(runtime, true));
      else lines.push('| | entity | changes |', '| --- | --- | --- |', ...runtimeByEntity(runtime).map((g) => `| ${runtimeSign(g)} | ${cell(`${g.entity_kind} ${g.entity_key}`)} | ${cell(runtimeSummary(g.changes))} |`));
    }
    if (suppressed.length > 0) lines.push(...(runtime.length > 0 ? [''] : []), '### Suppressed', '', ...changeTable(suppressed, true));
    lines.push('', '</details>');
  }
  return `${lines.join('\n')}\n`;
}

/** Who, when and how many, in one paragraph. */
function summaryParagraph(result: DiffResult): string {
  const { a, b, summary: s } = result;
  const who = (x: DiffResult['a']) => `${code(x.path)} (host ${cell(x.host_name ?? 'unknown')}, captured ${cell(x.started_at)})`;
  const mode = result.mode === 'same-host' ? 'as one host' : 'as two hosts';
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return (
    `Snapshot A ${who(a)} compared with snapshot B ${who(b)} ${mode} (${result.mode_inferred ? 'inferred from the boot ids' : 'as requested'}): ` +
    `**${plural(s.state, 'state change')}**, **${s.added} added, ${s.removed} removed, ${s.changed} changed** in configuration, ` +
    `${plural(s.runtime, 'runtime change')}, ${s.suppressed} suppressed as noise, ${s.unknown} unknown.`
  );
}

function changeTable(changes: readonly (Change | SuppressedChange)[], withRule = false): string[] {
  const header = withRule ? ['| | entity | path | old | new | rule |', '| --- | --- | --- | --- | --- | --- |'] : ['| | entity | path | old | new |', '| --- | --- | --- | --- | --- |'];
  return [
    ...header,
    ...changes.map((c) => {
      const row = [sign(c), cell(`${c.entity_kind} ${c.entity_key}`), c.path ? code(readablePath(c.path)) : '', c.kind === 'added' ? '' : code(formatValue(c.old)), c.kind === 'removed' ? '' : code(formatValue(c.new))];
      if (withRule) row.push(c.rule ?? '');
      return `| ${row.join(' | ')} |`;
    }),
  ];
}
