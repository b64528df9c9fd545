import { createHash } from 'node:crypto';
import { Html, html } from './html.js';

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:0 1.5em 3em;color:#1b1b1b;background:#fff}
h1{font-size:1.4em;margin:.8em 0 .2em}h2{font-size:1.15em;margin:1.6em 0 .4em;border-bottom:1px solid #ccc}h3{font-size:1em;margin:1em 0 .3em}
table{border-collapse:collapse;margin:.3em 0 .8em;font-size:13px}td,th{border:1px solid #ddd;padding:2px 6px;text-align:left;vertical-align:top}
th{background:#f3f3f3}table.sortable th{cursor:pointer}td{font-family:ui-monospace,monospace;word-break:break-all}
pre{background:#f7f7f7;border:1px solid #e3e3e3;padding:6px;overflow:auto;max-height:30em;font-size:12px;white-space:pre-wrap;word-break:break-all}
details{margin:.2em 0 .4em}details>summary{cursor:pointer}details.entity{border-left:3px solid #ccc;padding-left:.6em;content-visibility:auto;contain-intrinsic-size:auto 2em}
.facts td:first-child{font-family:inherit;font-weight:600;white-space:nowrap}.muted{color:#666}.added{background:#e6ffec}.removed{background:#ffebe9}
input.filter{font:inherit;padding:3px 6px;width:24em}ul.tree,ul.tree ul{list-style:none;padding-left:1.2em;margin:0}ul.tree li{font-family:ui-monospace,monospace;font-size:13px}
nav a{margin-right:1em}
`;

/** Filtering (input.filter filters the rows its data-target selects), sorting (table.sortable headers) and opening the details a link points into. */
const SCRIPT = `
(() => {
  const reveal = () => {
    const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    for (let e = target; e; e = e.parentElement) if (e.tagName === 'DETAILS') e.open = true;
    if (target) target.scrollIntoView();
  };
  addEventListener('hashchange', reveal);
  reveal();
  for (const input of document.querySelectorAll('input.filter')) {
    const rows = [...document.querySelectorAll(input.dataset.target)];
    const count = document.getElementById(input.dataset.count);
    input.addEventListener('input', () => {
      const q = input.value.toLowerCase();
      let shown = 0;
      for (const r of rows) shown += (r.hidden = !r.textContent.toLowerCase().includes(q)) ? 0 : 1;
      if (count) count.textContent = String(shown);
    });
  }
  for (const th of document.querySelectorAll('table.sortable th')) {
    th.addEventListener('click', () => {
      const body = th.closest('table').tBodies[0];
      const dir = th.dataset.dir === 'asc' ? -1 : 1;
      th.dataset.dir = dir === 1 ? 'asc' : 'desc';
      const key = (r) => r.cells[th.cellIndex]?.textContent ?? '';
      [...body.rows].sort((a, b) => dir * key(a).localeCompare(key(b), undefined, { numeric: true })).forEach((r) => body.appendChild(r));
    });
  }
})();
`;

const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** The Content-Security-Policy of every report: nothing may be loaded from anywhere; only this page's own style and script run. */
export const REPORT_CSP = `default-src 'none'; style-src ${hash(STYLE)}; script-src ${hash(SCRIPT)}; img-src 'none'; base-uri 'none'; form-action 'none'`;

/** One self-contained HTML page: no external resource, an inline style and script allowed by their hashes only. */
export function renderPage(title: string, body: Html): string {
  return html`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${new Html(STYLE)}</style>
</head><body>
${body}
<script>${new Html(SCRIPT)}</script>
</body></html>
`.text;
}
