/**
 * HTML built from host strings, which are data and never markup: `html` escapes every
 * interpolated value unless it is itself `Html` (built by this module). Control and bidirectional
 * characters are shown as visible escapes, as in the text views; newlines and tabs are kept.
 */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const SPECIAL = /[&<>"'\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** SPECIAL without the global flag, to test a value without replacing (most need no escape). */
const ANY_SPECIAL = new RegExp(SPECIAL.source);

export function escapeHtml(value: string): string {
  if (!ANY_SPECIAL.test(value)) return value;
  return value.replace(SPECIAL, escapeChar);
}

function escapeChar(c: string): string {
  return ENTITIES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

const TEXT_SPECIAL = new RegExp(SPECIAL.source.replace(`"'`, ''), 'g');
const ANY_TEXT_SPECIAL = new RegExp(TEXT_SPECIAL.source);

/**
 * Text between tags (a file's content in a <pre>), escaped as escapeHtml does but for the quotes,
 * which only end an attribute value: a JSON document is not made half again as large. Never put
 * the result inside an attribute.
 */
export function elementText(value: string): Html {
  if (!ANY_TEXT_SPECIAL.test(value)) return new Html(value);
  return new Html(value.replace(TEXT_SPECIAL, escapeChar));
}

type Piece = Html | string | number | boolean | null | undefined | readonly Piece[];

function piece(value: Piece): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(piece).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: readonly Piece[]): Html {
  let text = strings[0] ?? '';
  values.forEach((value, i) => {
    text += piece(value) + (strings[i + 1] ?? '');
  });
  return new Html(text);
}

/** A table: header cells and rows of cells (text, or Html for links). */
export function table(headers: readonly string[], rows: readonly (readonly Piece[])[], attributes: { id?: string; sortable?: boolean } = {}): Html {
  const id = attributes.id ? html` id="${attributes.id}"` : '';
  const cls = attributes.sortable ? html` class="sortable"` : '';
  return html`<table${id}${cls}><thead><tr>${headers.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${rows.map(
    (row) => html`<tr>${row.map((cell) => html`<td>${cell === null || cell === undefined ? '-' : cell}</td>`)}</tr>`,
  )}</tbody></table>\n`;
}

/** An anchor id made from host data: only [A-Za-z0-9_-] survive, so it can never break out of the attribute. */
export function anchor(kind: 'ctr' | 'proc', key: string | number): string {
  return `${kind}-${String(key).replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

export function link(kind: 'ctr' | 'proc', key: string | number, text: Piece): Html {
  return html`<a href="#${anchor(kind, key)}">${text}</a>`;
}
