import type { QueryResult } from '../store/open.js';
import { renderJson } from './json.js';
import { renderTable } from './table.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** JSON keeps BLOBs losslessly as `{"base64": …}`; everything else is a JSON scalar. */
export function renderQueryJson(result: QueryResult): string {
  return renderJson({ columns: result.columns, rows: result.rows.map((row) => row.map(jsonValue)) });
}

export function renderQueryText(result: QueryResult): string {
  return renderTable(result.columns, result.rows.map((row) => row.map(textValue)));
}

function jsonValue(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return { base64: value.toString('base64') };
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/** Text shows a BLOB as its UTF-8 text when it is valid text, else as its size; the table escapes control characters. */
function textValue(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (Buffer.isBuffer(value)) {
    try {
      return strictUtf8.decode(value);
    } catch {
      return `<${value.length} bytes>`;
    }
  }
  return String(value);
}
