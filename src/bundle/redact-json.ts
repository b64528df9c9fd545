import { jsonValueDeeperThan } from '../util/json-depth.js';
import { ARGV_KEYS, ENV_KEYS } from './rules.js';
import { looksSecretKey } from './secret-key.js';
import { redactArgv, redactEnvEntry, redactText } from './redact-text.js';
import type { Redactor } from './redactor.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Redacts a JSON document just parsed, in place (only changed values are written back), and
 * returns it: every string under a secret-looking key (`auths`, `Password`, a label
 * `db.password`) is replaced whole, `Env`/`env` arrays are environments, `Cmd`/`Entrypoint`/`Args`
 * arrays are command lines, and every other string gets the text rules. Keys and non-string
 * values are kept.
 */
function redactParsed(value: Json, redact: Redactor, key: string, secret: boolean): Json {
  if (typeof value === 'string') return secret ? redact(value) : redactText(value, redact);
  if (Array.isArray(value)) {
    const lower = key.toLowerCase();
    if (!secret && value.every((item) => typeof item === 'string')) {
      if (ENV_KEYS.includes(lower)) return value.map((entry) => redactEnvEntry(entry as string, redact));
      if (ARGV_KEYS.includes(lower)) return redactArgv(value as string[], redact);
    }
    for (let i = 0; i < value.length; i++) {
      const item = value[i] as Json;
      const after = redactParsed(item, redact, key, secret);
      if (after !== item) value[i] = after;
    }
    return value;
  }
  if (typeof value === 'object' && value !== null) {
    for (const k of Object.keys(value)) {
      const item = value[k] as Json;
      const after = redactParsed(item, redact, k, secret || looksSecretKey(k));
      // Defined, never assigned: a hostile "__proto__" key stays a plain own key.
      if (after !== item) Object.defineProperty(value, k, { value: after, writable: true, enumerable: true, configurable: true });
    }
  }
  return value;
}

/**
 * Redacts a JSON text and re-serializes it in the same style (compact, or indented like the
 * original, with its final newline); a text that is not JSON gets the text rules. A text left
 * unchanged by redaction is returned as it was, byte for byte.
 */
export function redactJsonText(text: string, redact: Redactor): string {
  return redactJsonDocument(text, redact).text;
}

/** redactJsonText, also telling whether the text was read as JSON (so the result is JSON too). */
export function redactJsonDocument(text: string, redact: Redactor): { text: string; json: boolean } {
  let parsed: Json;
  try {
    parsed = JSON.parse(text) as Json;
  } catch {
    return { text: redactText(text, redact), json: false };
  }
  // Nested deeper than a capture keeps (a crafted snapshot): redacted as text, never walked.
  if (jsonValueDeeperThan(parsed)) return { text: redactText(text, redact), json: false };
  const before = redact.count();
  const redacted = redactParsed(parsed, redact, '', false);
  if (redact.count() === before) return { text, json: true };
  const indent = /^[[{]\r?\n([ \t]+)/.exec(text)?.[1];
  const trailing = /\s*$/.exec(text)?.[0] ?? '';
  return { text: JSON.stringify(redacted, null, indent) + trailing, json: true };
}
