import type { CompareResult } from '../compare/types.js';
import { compareSummaryLine, differencesOf, itemPath, itemsByHost, type HostItem } from './compare-format.js';
import { html, table, type Html } from './html.js';
import { renderPage } from './report-page.js';

const hostAnchor = (index: number) => `host-${index}`;

/**
 * `docksnap compare --format html`: the report page (report-page.ts: self-contained, no script or
 * style but its own) for many hosts: the summary, the hosts in rank order (sortable, each linked
 * to its block), one block per host with its differences and the majority beside each, the
 * fields the hosts disagree on (filterable), skipped files and the noise rules' counts folded away.
 */
export function renderCompareReport(result: CompareResult): string {
  const title = `docksnap compare — ${result.summary.hosts} hosts`;
  const items = itemsByHost(result);
  const rows = result.hosts.map((h, i) => [String(i + 1), html`<a href="#${hostAnchor(i)}">${h.name}</a>`, String(h.differences), String(h.unknown), h.host_name, h.started_at, h.path]);
  const fieldRows = result.fields.map((f) => [
    `${f.entity_kind} ${f.entity_key}`,
    f.path,
    `${f.majority.absent ? '(absent)' : JSON.stringify(f.majority.value)} on ${f.majority.hosts}${f.tie ? ' (tie)' : ''}`,
    f.deviations.map((d) => `${d.host}: ${d.absent ? '(absent)' : JSON.stringify(d.value)}`).join('\n'),
  ]);
  const body = html`<h1>${title}</h1>
<table class="facts"><tbody><tr><td>summary</td><td>${compareSummaryLine(result)}</td></tr></tbody></table>
<h2>Hosts, the odd ones first</h2>
${table(['rank', 'host', 'differences', 'unknown', 'host name', 'captured', 'file'], rows, { id: 'hosts', sortable: true })}
<h2>Differences by host</h2>
<div id="by-host">${result.hosts.map((h, i) => hostBlock(i, h.name, h.differences, items.get(h.name) ?? []))}</div>
<h2>Fields the hosts disagree on (<span id="fields-shown">${fieldRows.length}</span>)</h2>
<input class="filter" type="search" placeholder="filter fields" aria-label="filter fields" data-target="#fields tbody tr" data-count="fields-shown">
${table(['entity', 'path', 'majority', 'hosts that differ'], fieldRows, { id: 'fields', sortable: true })}
${result.skipped.length > 0 ? html`<h2>Skipped files (${result.skipped.length})</h2>${table(['file', 'why'], result.skipped.map((s) => [s.path, s.reason]))}` : html``}
<h2>Suppressed as noise</h2><details id="suppressed"><summary>show</summary>${table(['rule', 'values'], Object.entries(result.summary.suppressed).map(([rule, n]) => [rule, String(n)]))}</details>
`;
  return renderPage(title, body);
}

function hostBlock(index: number, name: string, differences: number, items: readonly HostItem[]): Html {
  if (items.length === 0) return html``;
  const rows = items.map((i) => [html`<span class="${i.mark === '+' ? 'added' : i.mark === '-' ? 'removed' : ''}">${i.mark}</span>`, `${i.entity_kind} ${i.entity_key}`, itemPath(i) || '(the entity)', i.detail, i.majority]);
  return html`<details class="entity" id="${hostAnchor(index)}" open><summary><b>${name}</b>: ${differencesOf(differences)}</summary>
${table(['', 'entity', 'path', 'value', 'majority'], rows)}</details>`;
}
