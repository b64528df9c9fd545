/** Renderers by name: the keys are the `--format` choices of `docksnap diff`. */
import type { DiffResult } from '../diff/types.js';
import type { DiffRenderOptions } from './diff-format.js';
import { renderDiffJson } from './diff-json.js';
import { renderDiffMarkdown } from './diff-markdown.js';
import { renderDiffText } from './diff-text.js';

export const DIFF_RENDERERS = {
  text: renderDiffText,
  json: renderDiffJson,
  markdown: renderDiffMarkdown,
} as const satisfies Record<string, (result: DiffResult, options: DiffRenderOptions) => string>;

export type DiffFormat = keyof typeof DIFF_RENDERERS;
export type { DiffRenderOptions } from './diff-format.js';
