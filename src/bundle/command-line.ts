/**
 * The command-line rules of rules.ts (ARGV_RULES), over a list of words: an argv array as it is,
 * or the words of a line of free text (a `Command` string, `sh -c` script, log line). Which part
 * of which word is a secret depends on the words before it: `--password X`, `mysql … -pX`,
 * `curl … -u user:X`.
 */
import { CURL_PROGRAMS, MYSQL_PROGRAMS, USER_PASSWORD_OPTIONS } from './rules.js';
import { looksSecretKey } from './secret-key.js';

/** [start, end) of the secret inside one word. */
export type Span = readonly [number, number];

const OPTION = /^--?([A-Za-z][\w.-]*)$/;

/** `/usr/bin/mysql` → mysql; quotes and a leading `(` of shell text are not part of the name. */
function programName(word: string): string {
  return (word.replace(/^["'(`]+/, '').split('/').pop() ?? '').toLowerCase();
}

function afterColon(word: string, from: number): Span | undefined {
  const colon = word.indexOf(':', from);
  return colon >= 0 && colon + 1 < word.length ? [colon + 1, word.length] : undefined;
}

/** For each word, the span that is a secret by the command-line rules, or undefined. */
export function commandLineSecrets(words: readonly string[]): (Span | undefined)[] {
  let mysql = false;
  let curl = false;
  return words.map((word, i) => {
    const previous = i > 0 ? (words[i - 1] ?? '') : '';
    const option = OPTION.exec(previous);
    let span: Span | undefined;
    if (option && looksSecretKey(option[1] ?? '')) span = [0, word.length];
    else if (mysql && /^-p./.test(word)) span = [2, word.length];
    else if (USER_PASSWORD_OPTIONS.includes(previous) && (curl || previous === '--proxy-user')) span = afterColon(word, 0);
    else if (curl && /^-u[^-]/.test(word)) span = afterColon(word, 2);
    else if (curl && /^--(?:proxy-)?user=/.test(word)) span = afterColon(word, word.indexOf('=') + 1);
    else if (/^--proxy-user=/.test(word)) span = afterColon(word, word.indexOf('=') + 1);
    const name = programName(word);
    if (MYSQL_PROGRAMS.test(name)) mysql = true;
    if (CURL_PROGRAMS.test(name)) curl = true;
    return span;
  });
}

/** A word of free text: its characters as the command sees them, and where they lie in the line. */
interface TextWord {
  readonly word: string;
  /** Offset of word[0] in the line. */
  readonly offset: number;
  /** The quote that opens the word and is not closed inside it (`"correct` of `"correct horse"`). */
  readonly openQuote: string | undefined;
}

const isQuote = (code: number) => code === 0x22 || code === 0x27 || code === 0x60;
const isBlank = (code: number) => code === 0x20 || code === 0x09 || code === 0x0d || code === 0x0b || code === 0x0c;

/**
 * The words of one line, split at blanks only: quotes are taken off each word's ends, so that
 * `sh -c 'mysql -pX'` reads as sh, -c, mysql, -pX, whatever quotes come before on the line.
 * A scan by character code: a line may be a 64 KiB log line of nothing but words.
 */
function textWords(line: string): TextWord[] {
  const words: TextWord[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && isBlank(line.charCodeAt(i))) i++;
    if (i >= line.length) break;
    const start = i;
    while (i < line.length && !isBlank(line.charCodeAt(i))) i++;
    let from = start;
    while (from < i && isQuote(line.charCodeAt(from))) from++;
    let to = i;
    while (to > from && isQuote(line.charCodeAt(to - 1))) to--;
    const first = line[start] ?? '';
    const openQuote = from > start && line.indexOf(first, start + 1) >= i ? first : undefined;
    words.push({ word: line.slice(from, to), offset: from, openQuote });
  }
  return words;
}

/**
 * The secret spans of one line of text, as [start, end) offsets into the line, in order. A value
 * that opens a quote (`--password "correct horse"`) runs to its closing quote, or to the end of
 * the line when there is none.
 */
export function commandLineTextSecrets(line: string): Span[] {
  const words = textWords(line);
  const spans = commandLineSecrets(words.map((w) => w.word));
  const found: Span[] = [];
  spans.forEach((span, i) => {
    const word = words[i];
    if (!word || !span || span[1] <= span[0]) return;
    const start = word.offset + span[0];
    let end = word.offset + span[1];
    if (word.openQuote !== undefined && span[0] === 0) {
      const close = line.indexOf(word.openQuote, end);
      end = close < 0 ? line.length : close;
    }
    if (found.length === 0 || start >= (found.at(-1)?.[1] ?? 0)) found.push([start, end]);
  });
  return found;
}
