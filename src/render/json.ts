/** Pretty JSON with a final newline: the form of every --json output. */
export function renderJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
