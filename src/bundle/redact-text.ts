import { commandLineSecrets, commandLineTextSecrets, type Span } from './command-line.js';
import { COMMAND_LINE_HINT, ENV_OPTIONS, TEXT_RULES, type TextRule } from './rules.js';
import { isAllowedEnvName, looksSecretKey } from './secret-key.js';
import { isRedacted, type Redactor } from './redactor.js';

/**
 * Applies every text rule, in order, to free text (log lines, hosts files, messages, JSON strings),
 * then the command-line rules to each line that could hold a command (`… --password X`).
 */
export function redactText(text: string, redact: Redactor): string {
  if (CLEAN.has(text)) return text;
  let result = text;
  if (ANY_HINT.test(text)) {
    for (const [rule, pattern] of COMPILED) if (rule.hint.test(result)) result = applyRule(result, rule, pattern, redact);
    if (COMMAND_LINE_HINT.test(result)) result = redactCommandLines(result, redact);
  }
  if (result === text && text.length <= CLEAN_LENGTH) {
    if (CLEAN.size >= CLEAN_ENTRIES) CLEAN.clear();
    CLEAN.add(text);
  }
  return result;
}

/**
 * Short texts no rule changed. Which texts the rules change does not depend on the key, and a
 * snapshot repeats the same mount options, paths and JSON strings in every container: each
 * distinct text is looked at once.
 */
const CLEAN = new Set<string>();
const CLEAN_LENGTH = 512;
const CLEAN_ENTRIES = 100_000;

/** Each rule's pattern with match indices (`d`), compiled once; each use works on a copy, so sharing is safe. */
const COMPILED: readonly (readonly [TextRule, RegExp])[] = TEXT_RULES.map((rule) => [
  rule,
  new RegExp(rule.pattern.source, `${rule.pattern.flags.replace('d', '')}d`),
]);

/** Passes whenever one of the rules' hints does (ignoring case, so a little more often): one test for most strings. */
const ANY_HINT = new RegExp([...TEXT_RULES.map((rule) => rule.hint.source), COMMAND_LINE_HINT.source].join('|'), 'i');

function redactCommandLines(text: string, redact: Redactor): string {
  return text
    .split('\n')
    .map((line) => (COMMAND_LINE_HINT.test(line) ? replaceSpans(line, commandLineTextSecrets(line), redact) : line))
    .join('\n');
}

/** `text` with each [start, end) span, in order and not overlapping, replaced unless already redacted. */
function replaceSpans(text: string, spans: readonly Span[], redact: Redactor): string {
  let out = '';
  let done = 0;
  for (const [start, end] of spans) {
    const value = text.slice(start, end);
    if (start < done || isRedacted(value)) continue;
    out += text.slice(done, start) + redact(value);
    done = end;
  }
  return done === 0 ? text : out + text.slice(done);
}

function applyRule(text: string, rule: TextRule, shared: RegExp, redact: Redactor): string {
  const pattern = new RegExp(shared);
  let out = '';
  let done = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    if (match[0] === '') pattern.lastIndex++;
    if (rule.key !== undefined && !looksSecretKey(match.groups?.[rule.key] ?? '')) {
      // A value runs to the end of its line: look for another key right after this one.
      pattern.lastIndex = match.indices?.groups?.[rule.key]?.[1] ?? match.index + 1;
      continue;
    }
    const span = valueSpan(match, text, rule);
    if (!span || span[1] <= span[0]) continue;
    const [start, end] = span;
    pattern.lastIndex = Math.max(pattern.lastIndex, end);
    const value = text.slice(start, end);
    if (isRedacted(value)) continue;
    out += text.slice(done, start) + redact(value);
    done = end;
  }
  return done === 0 ? text : out + text.slice(done);
}

function valueSpan(match: RegExpExecArray, text: string, rule: TextRule): [number, number] | undefined {
  const indices = match.indices;
  if (!indices) return undefined;
  if (!rule.value) return indices[0];
  for (const group of rule.value) {
    const span = indices.groups?.[group];
    if (span && group === rule.toLineEnd) return [span[0], lineEnd(text, span[0])];
    if (span && span[1] > span[0]) return span;
  }
  return undefined;
}

/** Where the line holding `from` ends, before its trailing blanks and `\r`. */
function lineEnd(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  let end = newline < 0 ? text.length : newline;
  while (end > from && /[ \t\r]/.test(text[end - 1] ?? '')) end--;
  return end;
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

const ENV_NAME_ENTRY = /^[A-Za-z_][A-Za-z0-9_]*=/;

/**
 * A command line: the secrets of the command-line rules (`--password X`, `mysql -pX`,
 * `curl -u user:X`) are replaced, `-e NAME=value` is an environment entry, and every other
 * argument gets the text rules (`--token=X`, and any command line inside `sh -c '…'`).
 */
export function redactArgv(argv: readonly string[], redact: Redactor): string[] {
  const secrets = commandLineSecrets(argv);
  return argv.map((arg, i) => {
    const previous = i > 0 ? (argv[i - 1] ?? '') : '';
    const span = secrets[i];
    if (span) return replaceSpans(arg, [span], redact);
    if (ENV_OPTIONS.includes(previous) && ENV_NAME_ENTRY.test(arg)) return redactEnvEntry(arg, redact);
    if (arg.startsWith('--env=') && ENV_NAME_ENTRY.test(arg.slice(6))) return `--env=${redactEnvEntry(arg.slice(6), redact)}`;
    return redactText(arg, redact);
  });
}
