/** Renderers by name: the keys are the `--format` choices of `docksnap diff`. */
import type { DiffResult } from '../diff/types.js';
import type { DiffRenderOptions } from './diff-format.js';
import { renderDiffJson } from './diff-json.js';
import { renderDiffMarkdown } from './diff-markdown.js';
import { renderDiffText } from './diff-text.js';
import type { DiffTimeline } from '../diff/timeline.js';
import { renderTimelineJson } from './timeline-json.js';
import { renderTimelineMarkdown } from './timeline-markdown.js';
import { renderTimelineText } from './timeline-text.js';

export const DIFF_RENDERERS = {
  text: renderDiffText,
  json: renderDiffJson,
  markdown: renderDiffMarkdown,
} as const satisfies Record<string, (result: DiffResult, options: DiffRenderOptions) => string>;

export type DiffFormat = keyof typeof DIFF_RENDERERS;

/** The same formats for a series of snapshots (`docksnap diff a.db b.db c.db…`). */
export const TIMELINE_RENDERERS = {
  text: renderTimelineText,
  json: renderTimelineJson,
  markdown: renderTimelineMarkdown,
} as const satisfies Record<DiffFormat, (timeline: DiffTimeline, options: DiffRenderOptions) => string>;
export type { DiffRenderOptions } from './diff-format.js';
