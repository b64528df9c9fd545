import {
  ENV_ALLOWLIST,
  ENV_ALLOWLIST_PREFIXES,
  NOT_SECRET_LAST_WORDS,
  SECRET_KEY_PAIRS,
  SECRET_KEY_SUFFIXES,
  SECRET_KEY_WORDS,
} from './rules.js';

const WORDS = new Set(SECRET_KEY_WORDS);
const PAIRS = new Set(SECRET_KEY_PAIRS);
const LAST_NOT_SECRET = new Set(NOT_SECRET_LAST_WORDS);
const ALLOWED_ENV = new Set(ENV_ALLOWLIST);

/** `API_TOKEN` → api, token; `clientSecret` → client, secret; `db.password` → db, password. */
export function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
}

const verdicts = new Map<string, boolean>();

/** Whether a key names a secret, by the word rules of rules.ts. */
export function looksSecretKey(key: string): boolean {
  // JSON documents repeat the same few keys thousands of times.
  let verdict = verdicts.get(key);
  if (verdict === undefined) {
    verdict = judgeKey(key);
    if (verdicts.size >= 10_000) verdicts.clear();
    verdicts.set(key, verdict);
  }
  return verdict;
}

function judgeKey(key: string): boolean {
  const words = keyWords(key);
  const last = words.at(-1);
  if (last === undefined || LAST_NOT_SECRET.has(last)) return false;
  const singular = (word: string) => (word.length > 3 && word.endsWith('s') ? word.slice(0, -1) : word);
  if (words.some((word) => WORDS.has(word) || WORDS.has(singular(word)))) return true;
  if (words.some((word, i) => i > 0 && PAIRS.has(`${words[i - 1]} ${singular(word)}`))) return true;
  const joined = singular(words.join(''));
  return SECRET_KEY_SUFFIXES.some((suffix) => joined.endsWith(suffix));
}

/** Whether an environment variable's value is kept (PATH, HOME, LC_*…). */
export function isAllowedEnvName(name: string): boolean {
  return ALLOWED_ENV.has(name) || ENV_ALLOWLIST_PREFIXES.some((prefix) => name.startsWith(prefix));
}
