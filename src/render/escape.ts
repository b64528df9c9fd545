/**
 * Text from the examined host (names, argv, env, log tails, paths) must never drive the analyst's
 * terminal: every text renderer passes it through `escapeControl`, which writes each control
 * character as a visible escape. The snapshot keeps the raw value and JSON output stays exact JSON.
 *
 * Escaped: C0 controls (U+0000–U+001F: `\n`, `\r`, `\t` by name, the rest as `\xHH`, so ESC is
 * `\x1b`), DEL and the C1 controls (U+007F–U+009F, `\x9b` is a one-byte CSI), the line and
 * paragraph separators, and the bidirectional overrides and isolates that reorder what a terminal
 * shows (U+200E/F, U+202A–U+202E, U+2066–U+2069, as `\u202e`). Backslashes are left as they are, so
 * paths and JSON-quoted values stay readable and escaping twice changes nothing.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const ANY_CONTROL = new RegExp(CONTROL.source);

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeOne(char: string): string {
  const named = NAMED[char];
  if (named) return named;
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `value` with every control character written as a visible escape (see above). */
export function escapeControl(value: string): string {
  return value.replace(CONTROL, escapeOne);
}

/** True when `value` holds nothing `escapeControl` would change. */
export function isTerminalSafe(value: string): boolean {
  return !ANY_CONTROL.test(value);
}

/** Multi-line text (a log tail) with each line escaped and its line breaks kept. */
export function escapeLines(text: string): string {
  return text.split('\n').map(escapeControl).join('\n');
}

/**
 * A template tag for text lines: every interpolated value is escaped, the literal parts are kept.
 * `line\`container ${name}\n\`` cannot be broken by a newline or ESC inside `name`.
 */
export function line(strings: TemplateStringsArray, ...values: readonly unknown[]): string {
  let text = strings[0] ?? '';
  values.forEach((value, i) => {
    text += escapeControl(String(value)) + (strings[i + 1] ?? '');
  });
  return text;
}
