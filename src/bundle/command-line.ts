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

/** A word of free text: its characters as the command sees them, and where its value lies in the text. */
interface TextWord {
  readonly word: string;
  /** Offset of word[0] in the text. */
  readonly offset: number;
  /** A quoted word (`sh -c 'mysql -pX'`): its inside is a command line of its own. */
  readonly quoted: boolean;
}

/** A quoted word (to its closing quote on the same line) or a run of non-space characters. */
const WORD = /"[^"\n]*"|'[^'\n]*'|\S+/g;

/** The words of one line: a quoted word is its inside, an unquoted one loses its trailing quotes. */
function textWords(line: string): TextWord[] {
  const words: TextWord[] = [];
  for (const match of line.matchAll(WORD)) {
    const raw = match[0];
    const quoted = raw.length >= 2 && (raw[0] === '"' || raw[0] === "'") && raw.endsWith(raw[0]);
    const word = quoted ? raw.slice(1, -1) : raw.replace(/["'`]+$/, '');
    words.push({ word, offset: match.index + (quoted ? 1 : 0), quoted });
  }
  return words;
}

/**
 * The secret spans of one line of text, as [start, end) offsets into the line, in order. The
 * inside of a quoted word is read as a command line too; it holds no quote of its own kind, so
 * this goes at most two quotes deep.
 */
export function commandLineTextSecrets(line: string, offset = 0): Span[] {
  const words = textWords(line);
  const spans = commandLineSecrets(words.map((w) => w.word));
  const found: Span[] = [];
  spans.forEach((span, i) => {
    const word = words[i];
    if (!word) return;
    if (span && span[1] > span[0]) found.push([offset + word.offset + span[0], offset + word.offset + span[1]]);
    else if (word.quoted) found.push(...commandLineTextSecrets(word.word, offset + word.offset));
  });
  return found;
}
