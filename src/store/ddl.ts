import { readFileSync } from 'node:fs';
import { packageFile } from '../package-root.js';

/** schemas/snapshot.sql, read at run time: the DDL is never restated in code. */
export const SCHEMA_PATH = packageFile('schemas/snapshot.sql');

export interface SchemaSource {
  /** The whole file, applied verbatim to a new snapshot. */
  readonly sql: string;
  /** The schema version the file sets with PRAGMA user_version. */
  readonly version: number;
  /** Each CREATE statement exactly as written (without the final semicolon), in file order. */
  readonly statements: readonly string[];
}

let cached: SchemaSource | undefined;

/** @throws Error when the schema file is missing or sets no user_version (a packaging bug). */
export function loadSchema(): SchemaSource {
  cached ??= parseSchema(readFileSync(SCHEMA_PATH, 'utf8'));
  return cached;
}

/**
 * The frozen DDL of an older schema version (schemas/snapshot-v<N>.sql), or the current one.
 * undefined when no such version was ever released.
 */
export function loadSchemaVersion(version: number): SchemaSource | undefined {
  const current = loadSchema();
  if (version === current.version) return current;
  if (!Number.isSafeInteger(version) || version < 1 || version > current.version) return undefined;
  let source = frozen.get(version);
  if (!source) {
    const url = packageFile(`schemas/snapshot-v${version}.sql`);
    let text: string;
    try {
      text = readFileSync(url, 'utf8');
    } catch {
      return undefined;
    }
    source = parseSchema(text, url);
    if (source.version !== version) throw new Error(`${url.pathname} sets user_version ${source.version}, not ${version}`);
    frozen.set(version, source);
  }
  return source;
}

const frozen = new Map<number, SchemaSource>();

export function parseSchema(sql: string, origin: URL = SCHEMA_PATH): SchemaSource {
  const statements: string[] = [];
  let version: number | undefined;
  let current: string[] = [];
  for (const line of sql.split('\n')) {
    const code = stripLineComment(line).trim();
    if (current.length === 0 && code === '') continue;
    current.push(line);
    if (!code.endsWith(';')) continue;
    const statement = current.join('\n').trim().replace(/;$/, '');
    current = [];
    const pragma = /^PRAGMA\s+user_version\s*=\s*(\d+)$/i.exec(statement);
    if (pragma) version = Number(pragma[1]);
    else statements.push(statement);
  }
  if (version === undefined) throw new Error(`${origin.pathname} sets no PRAGMA user_version`);
  return { sql, version, statements };
}

/** The code part of one SQL line: everything before a `--` that is not inside a string literal. */
export function stripLineComment(line: string): string {
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === "'") inString = !inString;
    else if (!inString && ch === '-' && line[i + 1] === '-') return line.slice(0, i);
  }
  return line;
}
