/** The `docksnap compare --format` choices. */
import type { CompareResult } from '../compare/types.js';
import { renderCompareMarkdown } from './compare-markdown.js';
import { renderCompareText } from './compare-text.js';
import { renderCompareReport } from './report-compare.js';
import { renderJson } from './json.js';

export const COMPARE_RENDERERS = {
  text: renderCompareText,
  json: (result: CompareResult) => renderJson(result),
  markdown: renderCompareMarkdown,
  html: renderCompareReport,
} as const satisfies Record<string, (result: CompareResult, options: { readonly color: boolean }) => string>;

export type CompareFormat = keyof typeof COMPARE_RENDERERS;
