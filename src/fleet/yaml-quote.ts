import { UsageError } from '../errors.js';

/**
 * A YAML scalar for a value given by the user, safe in an Ansible playbook: double-quoted with
 * everything outside printable ASCII escaped (YAML 1.1, which Ansible's PyYAML reads, folds U+0085,
 * U+2028 and U+2029 like newlines even inside quotes), and tagged `!unsafe` so that Ansible never
 * evaluates `{{ … }}` or `{% … %}` in it as a template.
 * @throws UsageError when the string holds a lone surrogate (no YAML can carry it)
 */
export function yamlUnsafe(value: string, what: string): string {
  if (/\p{Surrogate}/u.test(value)) throw new UsageError(what, 'holds a lone UTF-16 surrogate, which no playbook can carry');
  let quoted = '';
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '"' || char === '\\') quoted += `\\${char}`;
    else if (code >= 0x20 && code <= 0x7e) quoted += char;
    else if (code <= 0xffff) quoted += `\\u${code.toString(16).padStart(4, '0')}`;
    else quoted += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return `!unsafe "${quoted}"`;
}
