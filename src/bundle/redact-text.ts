import { ENV_OPTIONS, TEXT_RULES, type TextRule } from './rules.js';
import { isAllowedEnvName, looksSecretKey } from './secret-key.js';
import { isRedacted, type Redactor } from './redactor.js';

/** Applies every text rule, in order, to free text (log lines, hosts files, messages, JSON strings). */
export function redactText(text: string, redact: Redactor): string {
  if (!ANY_HINT.test(text)) return text;
  let result = text;
  for (const [rule, pattern] of COMPILED) if (rule.hint.test(result)) result = applyRule(result, rule, pattern, redact);
  return result;
}

/** Each rule's pattern with match indices (`d`), compiled once; matchAll copies it, so sharing is safe. */
const COMPILED: readonly (readonly [TextRule, RegExp])[] = TEXT_RULES.map((rule) => [
  rule,
  new RegExp(rule.pattern.source, `${rule.pattern.flags.replace('d', '')}d`),
]);

/** Passes whenever one of the rules' hints does (ignoring case, so a little more often): one test for most strings. */
const ANY_HINT = new RegExp(TEXT_RULES.map((rule) => rule.hint.source).join('|'), 'i');

function applyRule(text: string, rule: TextRule, pattern: RegExp, redact: Redactor): string {
  let out = '';
  let done = 0;
  for (const match of text.matchAll(pattern)) {
    if (rule.key !== undefined && !looksSecretKey(match.groups?.[rule.key] ?? '')) continue;
    const span = valueSpan(match, rule);
    if (!span) continue;
    const [start, end] = span;
    const value = text.slice(start, end);
    if (isRedacted(value)) continue;
    out += text.slice(done, start) + redact(value);
    done = end;
  }
  return done === 0 ? text : out + text.slice(done);
}

function valueSpan(match: RegExpExecArray | RegExpMatchArray, rule: TextRule): [number, number] | undefined {
  const indices = (match as RegExpExecArray).indices;
  if (!indices) return undefined;
  if (!rule.value) return indices[0];
  for (const group of rule.value) {
    const span = indices.groups?.[group];
    if (span && span[1] > span[0]) return span;
  }
  return undefined;
}

/** The value of an environment entry: replaced unless its name is on the allowlist. */
export function redactEnvValue(name: string, value: string, redact: Redactor): string {
  return isAllowedEnvName(name) ? redactText(value, redact) : redact(value);
}

/** `NAME=value` as in Config.Env; an entry without `=` is a name only and is kept. */
export function redactEnvEntry(entry: string, redact: Redactor): string {
  const eq = entry.indexOf('=');
  if (eq < 0) return entry;
  const name = entry.slice(0, eq);
  return `${name}=${redactEnvValue(name, entry.slice(eq + 1), redact)}`;
}

const OPTION = /^--?([A-Za-z][\w.-]*)$/;
const ENV_NAME_ENTRY = /^[A-Za-z_][A-Za-z0-9_]*=/;

/**
 * A command line: the argument after a secret-looking option (`--password X`) is replaced whole,
 * `-e NAME=value` is an environment entry, and every argument gets the text rules (`--token=X`).
 */
export function redactArgv(argv: readonly string[], redact: Redactor): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const previous = i > 0 ? (argv[i - 1] ?? '') : '';
    const option = OPTION.exec(previous);
    if (option && looksSecretKey(option[1] ?? '')) out.push(redact(arg));
    else if (ENV_OPTIONS.includes(previous) && ENV_NAME_ENTRY.test(arg)) out.push(redactEnvEntry(arg, redact));
    else if (arg.startsWith('--env=') && ENV_NAME_ENTRY.test(arg.slice(6))) out.push(`--env=${redactEnvEntry(arg.slice(6), redact)}`);
    else out.push(redactText(arg, redact));
  }
  return out;
}
