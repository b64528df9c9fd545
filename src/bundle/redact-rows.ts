import { parsedColumn, TEXT_FILE_PARSERS } from '../collect/file-parsers.js';
import { sha256Hex } from '../util/hash.js';
import type { TableName } from '../types/snapshot.generated.js';
import type { ColumnRewrite, RowChanges, TableRewrite } from '../store/rewrite-copy.js';
import { REDACTION_PLAN, type Treatment } from './redact-plan.js';
import { mapText, redactCmdline, redactFileBytes, redactFileContent, redactLogTail } from './redact-bytes.js';
import { redactJsonText } from './redact-json.js';
import { redactArgv, redactEnvValue, redactText } from './redact-text.js';
import type { Redactor } from './redactor.js';
import { looksSecretKey } from './secret-key.js';

type Row = Readonly<Record<string, unknown>>;

export interface RewriteOptions {
  /** Redact by REDACTION_PLAN; undefined for --no-redact. */
  readonly redact: Redactor | undefined;
  /** Keep log tails (false for --no-logs: each tail is emptied, its size and path kept). */
  readonly logs: boolean;
}

/** The per-table row rewrites export applies to its copy of the snapshot (the pure half of redaction). */
export function planRewrites(options: RewriteOptions): TableRewrite[] {
  const rewrites: TableRewrite[] = [];
  for (const [table, columns] of Object.entries(REDACTION_PLAN) as [TableName, Record<string, Treatment>][]) {
    const treated = Object.entries(columns).filter(([, treatment]) => treatment !== 'keep' && treatment !== 'file-derived' && treatment !== 'list-derived');
    if (table === 'container_logs' && !options.logs) {
      // Each tail is emptied; the log's other columns are redacted as any table's.
      const redact = options.redact;
      const others = redact ? treated.filter(([column]) => column !== 'tail').map(([column, treatment]) => columnRedaction(column, treatment, redact)) : [];
      rewrites.push(columnWise(table, [
        { column: 'tail', context: [], rewrite: () => Buffer.alloc(0) },
        { column: 'tail_offset', context: ['size'], rewrite: (_offset, size) => size },
        ...others,
      ]));
    } else if (options.redact && treated.some(([, treatment]) => treatment === 'file-content')) {
      // A file's bytes, size, hash and parsed form change together: row by row.
      const redact = options.redact;
      rewrites.push({ table, rewrite: (row) => changedColumns(row, treated, redact) });
    } else if (options.redact && treated.length > 0) {
      const redact = options.redact;
      rewrites.push(columnWise(table, treated.map(([column, treatment]) => columnRedaction(column, treatment, redact))));
    }
  }
  return rewrites;
}

/** The columns of the row a treatment reads besides the value (an env value's name, a label's key). */
const CONTEXT: Partial<Record<Treatment, string>> = { 'env-value': 'name', 'label-value': 'key' };

function columnRedaction(column: string, treatment: Treatment, redact: Redactor): ColumnRewrite {
  const context = CONTEXT[treatment];
  return {
    column,
    context: context ? [context] : [],
    rewrite: (value, contextValue) =>
      value === null || value === undefined ? value : redactValue(value, treatment, context ? { [context]: contextValue } : {}, redact),
  };
}

/** A table whose changed columns each depend on a few columns of the row; `rewrite` gives the same changes for one row. */
function columnWise(table: TableName, columns: readonly ColumnRewrite[]): TableRewrite {
  return {
    table,
    columns,
    rewrite: (row) => {
      const changes: Record<string, unknown> = {};
      for (const { column, context, rewrite } of columns) {
        const after = rewrite(row[column], ...context.map((c) => row[c]));
        if (!sameValue(row[column], after)) changes[column] = after;
      }
      return Object.keys(changes).length > 0 ? changes : undefined;
    },
  };
}

function changedColumns(row: Row, treated: readonly [string, Treatment][], redact: Redactor): RowChanges | undefined {
  const changes: Record<string, unknown> = {};
  let json: string | undefined;
  for (const [column, treatment] of treated) {
    const before = row[column];
    if (before === null || before === undefined) continue;
    let after: unknown;
    if (treatment === 'file-content' && Buffer.isBuffer(before)) ({ bytes: after, json } = redactFileBytes(before, redact));
    else after = redactValue(before, treatment, row, redact);
    if (!sameValue(before, after)) changes[column] = after;
  }
  const content = changes['content'];
  if (Buffer.isBuffer(content)) {
    changes['size'] = content.length;
    changes['sha256'] = sha256Hex(content);
  }
  if (treated.some(([, treatment]) => treatment === 'file-content')) deriveParsed(row, changes, json);
  return Object.keys(changes).length > 0 ? changes : undefined;
}

/**
 * A file's `parsed` is parsed again from its redacted bytes, never redacted on its own: a key
 * appended to /etc/hosts is hosts tokens there, which no text rule recognises.
 */
function deriveParsed(row: Row, changes: Record<string, unknown>, json: string | undefined): void {
  const content = changes['content'] ?? row['content'];
  const role = String(row['role']);
  // A JSON file's parsed is its text, which redaction has just read as JSON: not parsed again.
  const ownText = json !== undefined && !Object.hasOwn(TEXT_FILE_PARSERS, role);
  const parsed = !Buffer.isBuffer(content) ? null : ownText ? json : parsedColumn(role, content);
  if (parsed !== row['parsed']) changes['parsed'] = parsed;
}

/** Treatments of text that apply to the same text kept as raw bytes (a BLOB column beside a TEXT one). */
const TEXT_TREATMENTS: ReadonlySet<Treatment> = new Set(['text', 'json', 'argv', 'env-value', 'label-value']);

function redactValue(value: unknown, treatment: Treatment, row: Row, redact: Redactor): unknown {
  if (Buffer.isBuffer(value) && TEXT_TREATMENTS.has(treatment)) {
    return mapText(value, (decoded) => redactValue(decoded, treatment, row, redact) as string);
  }
  const text = typeof value === 'string' ? value : undefined;
  const bytes = Buffer.isBuffer(value) ? value : undefined;
  switch (treatment) {
    case 'text':
      return text !== undefined ? redactText(text, redact) : value;
    case 'json':
      return text !== undefined ? redactJsonText(text, redact) : value;
    case 'argv':
      return text !== undefined ? redactArgvJson(text, redact) : value;
    case 'env-value':
      return text !== undefined ? redactEnvValue(String(row['name']), text, redact) : value;
    case 'label-value':
      if (text === undefined) return value;
      return looksSecretKey(String(row['key'])) ? redact(text) : redactText(text, redact);
    case 'cmdline':
      return bytes ? redactCmdline(bytes, redact) : value;
    case 'log-tail':
      return bytes ? redactLogTail(bytes, redact) : text !== undefined ? redactLogTail(Buffer.from(text), redact) : value;
    case 'raw-bytes':
      return null;
    case 'file-content':
      return bytes ? redactFileContent(bytes, redact) : value;
    default:
      return value;
  }
}

function redactArgvJson(text: string, redact: Redactor): string {
  let argv: unknown;
  try {
    argv = JSON.parse(text);
  } catch {
    return redactText(text, redact);
  }
  if (!Array.isArray(argv) || !argv.every((a) => typeof a === 'string')) return redactJsonText(text, redact);
  const redacted = redactArgv(argv, redact);
  return redacted.every((a, i) => a === argv[i]) ? text : JSON.stringify(redacted);
}

function sameValue(a: unknown, b: unknown): boolean {
  return Buffer.isBuffer(a) && Buffer.isBuffer(b) ? a.equals(b) : a === b;
}
