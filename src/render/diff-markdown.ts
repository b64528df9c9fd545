import type { Change, DiffResult, EntityKind, SuppressedChange } from '../diff/types.js';
import { ENTITY_KINDS } from '../diff/types.js';
import { escapeControl } from './escape.js';
import { formatValue, runtimeByEntity, runtimeSummary, sign, summaryLine, type DiffRenderOptions } from './diff-format.js';

const TITLES: Readonly<Record<EntityKind, string>> = { container: 'Containers', process: 'Processes', daemon: 'Daemon', image: 'Images', file: 'Files' };

/** A compact report to paste into a bug report: both snapshots, the mode, then a table per entity kind. */
export function renderDiffMarkdown(result: DiffResult, options: DiffRenderOptions): string {
  const { a, b } = result;
  const lines = [
    '# docksnap diff',
    '',
    '| | A | B |',
    '| --- | --- | --- |',
    `| snapshot | ${code(a.path)} | ${code(b.path)} |`,
    `| host | ${cell(a.host_name ?? 'unknown')} | ${cell(b.host_name ?? 'unknown')} |`,
    `| captured | ${cell(a.started_at)} | ${cell(b.started_at)} |`,
    '',
    `Mode: **${result.mode}** (${result.mode_inferred ? 'inferred from the boot ids' : 'as requested'}).`,
    '',
    `**Summary:** ${summaryLine(result)}.`,
  ];
  const config = result.changes.filter((c) => c.group === 'config');
  for (const kind of ENTITY_KINDS) {
    const ofKind = config.filter((c) => c.entity_kind === kind);
    if (ofKind.length > 0) lines.push('', `## ${TITLES[kind]}`, '', ...changeTable(ofKind));
  }
  const runtime = result.changes.filter((c) => c.group === 'runtime');
  if (runtime.length > 0) {
    lines.push('', '## Runtime changes', '');
    if (options.showRuntime) lines.push(...changeTable(runtime, true));
    else lines.push('| | entity | changes |', '| --- | --- | --- |', ...runtimeByEntity(runtime).map((g) => `| ${g.changes.length === 1 ? sign(g.first) : '~'} | ${cell(`${g.first.entity_kind} ${g.first.entity_key}`)} | ${cell(runtimeSummary(g.changes))} |`));
  }
  if (result.unknowns.length > 0) {
    lines.push('', '## Unknown', '', '| entity | path | not read by | why |', '| --- | --- | --- | --- |');
    lines.push(...result.unknowns.map((u) => `| ${cell(`${u.entity_kind} ${u.entity_key}`)} | ${code(u.path)} | ${u.side === 'both' ? 'A and B' : u.side.toUpperCase()} | ${cell(u.reason)} |`));
  }
  if (options.showSuppressed && result.suppressed.length > 0) lines.push('', '## Suppressed', '', ...changeTable(result.suppressed, true));
  return `${lines.join('\n')}\n`;
}

function changeTable(changes: readonly (Change | SuppressedChange)[], withRule = false): string[] {
  const header = withRule ? ['| | entity | path | old | new | rule |', '| --- | --- | --- | --- | --- | --- |'] : ['| | entity | path | old | new |', '| --- | --- | --- | --- | --- |'];
  return [
    ...header,
    ...changes.map((c) => {
      const row = [sign(c), cell(`${c.entity_kind} ${c.entity_key}`), c.path ? code(c.path) : '', c.kind === 'added' ? '' : code(formatValue(c.old)), c.kind === 'removed' ? '' : code(formatValue(c.new))];
      if (withRule) row.push(c.rule ?? '');
      return `| ${row.join(' | ')} |`;
    }),
  ];
}

function cell(text: string): string {
  return escapeControl(text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' '));
}

function code(text: string): string {
  const safe = cell(text).replace(/`/g, "'");
  return `\`${safe}\``;
}
