import type { Change, DiffResult, SuppressedChange, Unknown } from '../diff/types.js';
import { formatValue, summaryLine } from './diff-format.js';
import { html, table, type Html } from './html.js';
import { renderPage } from './report-page.js';

type AnyChange = Change | SuppressedChange | Unknown;
const KNOWN_KEYS = new Set(['a', 'b', 'mode', 'mode_inferred', 'changes', 'suppressed', 'unknowns', 'summary']);

/**
 * `docksnap report A B`: the diff grouped by entity, A and B side by side; runtime, unknown and
 * suppressed changes folded away with their rules. Anything else the diff returns is shown as it is.
 */
export function renderDiffReport(result: DiffResult): string {
  const title = `docksnap diff — ${result.a.host_name ?? '?'} ${result.a.started_at} → ${result.b.host_name ?? '?'} ${result.b.started_at}`;
  const config = result.changes.filter((c) => c.group === 'config');
  const runtime = result.changes.filter((c) => c.group !== 'config');
  const extra = Object.entries(result as unknown as Record<string, unknown>).filter(([k]) => !KNOWN_KEYS.has(k));
  const body = html`<h1>${title}</h1>
<table class="facts"><tbody>
<tr><td>A (before)</td><td>${result.a.path} — ${result.a.host_name ?? '-'}, boot ${result.a.boot_id ?? '-'}, ${result.a.started_at}</td></tr>
<tr><td>B (after)</td><td>${result.b.path} — ${result.b.host_name ?? '-'}, boot ${result.b.boot_id ?? '-'}, ${result.b.started_at}</td></tr>
<tr><td>mode</td><td>${result.mode} (${result.mode_inferred ? 'inferred from the boot ids' : 'as requested'})</td></tr>
<tr><td>summary</td><td>${summaryLine(result)}</td></tr>
</tbody></table>
<input class="filter" type="search" placeholder="filter entities" aria-label="filter entities" data-target="#changes > details" data-count="entities-shown">
<h2>Changes by entity (<span id="entities-shown">${groups(config).length}</span>)</h2>
<div id="changes">${groups(config).map((g) => entityBlock(g, false, true))}</div>
${folded('runtime', `Runtime changes (${runtime.length}): restarts, log growth, pids and times`, runtime, true)}
${folded('unknown', `Unknown (${result.unknowns.length}): not read by one snapshot, so neither equal nor different`, result.unknowns, false)}
${folded('suppressed', `Suppressed (${result.suppressed.length}) by the noise rules`, result.suppressed, true)}
${extra.map(([key, value]) => html`<details><summary>${key}</summary><pre>${JSON.stringify(value, null, 2)}</pre></details>`)}
`;
  return renderPage(title, body);
}

function groups<T extends AnyChange>(changes: readonly T[]): T[][] {
  const byEntity = new Map<string, T[]>();
  for (const c of changes) {
    const key = `${c.entity_kind}\u0000${c.entity_key}`;
    const list = byEntity.get(key);
    if (list) list.push(c);
    else byEntity.set(key, [c]);
  }
  return [...byEntity.values()];
}

function entityBlock(changes: readonly AnyChange[], withRule: boolean, open: boolean): Html {
  const first = changes[0] as AnyChange;
  const whole = changes.length === 1 && first.path === '' && 'kind' in first ? ` ${first.kind}` : '';
  const rows = changes.map((c) => {
    const kind = 'kind' in c ? c.kind : `unknown (${c.side})`;
    const row = [html`<span class="${kind === 'added' ? 'added' : kind === 'removed' ? 'removed' : ''}">${sign(kind)}</span>`, c.path || '(the entity)', kind === 'added' ? '' : formatValue(c.old), kind === 'removed' ? '' : formatValue(c.new)];
    return withRule ? [...row, 'rule' in c ? c.rule : 'reason' in c ? c.reason : ''] : row;
  });
  return html`<details class="entity"${open ? ' open' : ''}><summary><b>${first.entity_kind} ${first.entity_key}</b>${whole} (${changes.length})</summary>
${table(withRule ? ['', 'path', 'A (before)', 'B (after)', 'rule'] : ['', 'path', 'A (before)', 'B (after)'], rows)}</details>`;
}

function folded(id: string, summary: string, changes: readonly AnyChange[], withRule: boolean): Html {
  if (changes.length === 0) return html``;
  return html`<h2>${summary}</h2><details id="${id}"><summary>show</summary>${groups(changes).map((g) => entityBlock(g, withRule || 'reason' in (g[0] as object), false))}</details>`;
}

function sign(kind: string): string {
  return kind === 'added' ? '+' : kind === 'removed' ? '-' : kind === 'changed' ? '~' : '?';
}
