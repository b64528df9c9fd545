import { jsonTextDepth } from '../util/json-depth.js';
import { READ_LIMITS } from '../util/read-limits.js';
import { ARGV_KEYS, ENV_KEYS } from './rules.js';
import { looksSecretKey } from './secret-key.js';
import { redactArgv, redactEnvEntry, redactText } from './redact-text.js';
import type { Redactor } from './redactor.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Redacts a parsed JSON document and keeps its shape: every string under a secret-looking key
 * (`auths`, `Password`, a label `db.password`) is replaced whole, `Env`/`env` arrays are
 * environments, `Cmd`/`Entrypoint`/`Args` arrays are command lines, and every other string gets
 * the text rules. Keys and non-string values are kept.
 */
export function redactJsonValue(value: unknown, redact: Redactor, key = '', secret = false): Json {
  if (typeof value === 'string') return secret ? redact(value) : redactText(value, redact);
  if (Array.isArray(value)) {
    const lower = key.toLowerCase();
    if (!secret && value.every((item) => typeof item === 'string')) {
      if (ENV_KEYS.includes(lower)) return value.map((entry: string) => redactEnvEntry(entry, redact));
      if (ARGV_KEYS.includes(lower)) return redactArgv(value as string[], redact);
    }
    return value.map((item) => redactJsonValue(item, redact, key, secret));
  }
  if (typeof value === 'object' && value !== null) {
    // fromEntries defines own properties, so a hostile "__proto__" key stays a plain key.
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, redactJsonValue(v, redact, k, secret || looksSecretKey(k))]),
    );
  }
  return value as Json;
}

/**
 * Redacts a JSON text and re-serializes it in the same style (compact, or indented like the
 * original, with its final newline); a text that is not JSON gets the text rules. A text left
 * unchanged by redaction is returned as it was, byte for byte.
 */
export function redactJsonText(text: string, redact: Redactor): string {
  let parsed: unknown;
  // Nested deeper than a capture keeps (a crafted snapshot): redacted as text, never walked.
  if (jsonTextDepth(text) > READ_LIMITS.jsonDepth) return redactText(text, redact);
  try {
    parsed = JSON.parse(text);
  } catch {
    return redactText(text, redact);
  }
  const before = redact.count();
  const redacted = redactJsonValue(parsed, redact);
  if (redact.count() === before) return text;
  const indent = /^[[{]\r?\n([ \t]+)/.exec(text)?.[1];
  const trailing = /\s*$/.exec(text)?.[0] ?? '';
  return JSON.stringify(redacted, null, indent) + trailing;
}
