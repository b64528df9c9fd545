/** At most `limit` lines of a long list, then one line saying how many more there are and where to see them. */
export function collapse(lines: readonly string[], limit: number, where = '--json lists all'): string {
  if (lines.length <= limit + 1) return lines.join('');
  return `${lines.slice(0, limit).join('')}… ${lines.length - limit} more (${where})\n`;
}
