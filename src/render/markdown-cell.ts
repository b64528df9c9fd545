import { escapeControl } from './escape.js';

/** Text placed in a Markdown table cell: pipes and backslashes escaped, no line breaks, no HTML, control characters as visible escapes. */
export function mdCell(text: string): string {
  return escapeControl(text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/\n/g, ' '));
}

/** Text as inline code in a table cell: pipes escaped (GitHub reads `\|` inside code in tables), no backticks, no line breaks. */
export function mdCode(text: string): string {
  return `\`${escapeControl(text.replace(/\|/g, '\\|').replace(/\n/g, ' ').replace(/`/g, "'"))}\``;
}
