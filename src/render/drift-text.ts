import type { DriftEntry, DriftReport } from '../read/drift.js';
import { escapeControl } from './escape.js';

const LETTERS: Readonly<Record<DriftEntry['kind'], string>> = { added: 'A', modified: 'C', deleted: 'D' };

/** `docker diff` lines (`A /tmp/x`, `C /etc`, `D /usr/bin/curl`), each followed by its flags and sha256, then what capped it. */
export function renderDriftText(report: DriftReport): string {
  const name = escapeControl(report.container.name ?? report.container.id.slice(0, 12));
  if (!report.captured) return `container ${name}: drift was not captured in this snapshot (--no-drift, or written before docksnap recorded drift)\n`;
  let text = report.entries.map((entry) => `${driftLine(entry)}\n`).join('');
  for (const error of report.errors) text += `! ${escapeControl(error.message)}${error.path ? ` (${escapeControl(error.path)})` : ''}\n`;
  return text;
}

/**
 * What a snapshot can say of one drifted path's contents: they are not kept (a snapshot may be
 * published; a container's files are its owner's), so the sha256 identifies them instead.
 */
export function renderDriftContents(entry: DriftEntry): string {
  const what = `${driftLine(entry)}\n`;
  if (entry.kind === 'deleted') return `${what}deleted: there are no contents to show\n`;
  if (entry.type !== 'file') return `${what}not a regular file: no contents\n`;
  const hash = entry.sha256 !== null ? `sha256 ${entry.sha256}, ${entry.size ?? '?'} bytes` : `no sha256 (${entry.hash_skipped ?? 'not hashed'}), ${entry.size ?? '?'} bytes`;
  return `${what}contents are not kept in a snapshot (drift records metadata only): ${hash}\n`;
}

export function driftLine(entry: DriftEntry): string {
  const details = [
    entry.type !== 'file' && entry.type !== 'dir' ? entry.type : null,
    ...entry.flags,
    entry.magic,
    entry.link_target !== null ? `-> ${escapeControl(entry.link_target)}` : null,
    entry.sha256 !== null ? `sha256:${entry.sha256}` : entry.hash_skipped !== null ? `no sha256 (${entry.hash_skipped})` : null,
  ].filter((detail): detail is string => detail !== null);
  const line = `${LETTERS[entry.kind]} ${escapeControl(entry.path)}`;
  return details.length > 0 ? `${line}  ${details.join(' ')}` : line;
}

