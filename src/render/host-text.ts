/**
 * The escaping the new text views use for host strings. Until render/escape.ts is on this branch
 * this is a local stand-in with the same semantics; afterwards it re-exports that module.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function escapeControl(value: string): string {
  return value.replace(CONTROL, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

export function line(strings: TemplateStringsArray, ...values: readonly unknown[]): string {
  let text = strings[0] ?? '';
  values.forEach((value, i) => {
    text += escapeControl(String(value)) + (strings[i + 1] ?? '');
  });
  return text;
}

export { escapeControl };
