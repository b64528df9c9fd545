/** Pieces shared by the diff renderers: how a value, a change's sign and the summary are written. */
import type { Change, DiffResult, SuppressedChange, Unknown } from '../diff/types.js';
import { escapeControl, line } from './escape.js';

export interface DiffRenderOptions {
  /** ANSI colour (text only): on when stdout is a terminal and NO_COLOR is unset. */
  readonly color: boolean;
  /** List every runtime change instead of one line per entity. */
  readonly showRuntime: boolean;
  /** List the suppressed changes with the rule that suppressed each. */
  readonly showSuppressed: boolean;
}

const MAX_VALUE = 200;

/** A value in one line: plain words as they are, anything ambiguous or structured as JSON, long values cut, controls escaped. */
export function formatValue(value: unknown): string {
  let text: string;
  if (typeof value === 'string') {
    const plain = value !== '' && !/[\s"\\]/.test(value) && !/^(null|true|false|-?\d[\d.e+-]*)$/.test(value);
    text = plain ? value : JSON.stringify(value);
  } else text = JSON.stringify(value) ?? 'null';
  text = escapeControl(text);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

/** + added, - removed, ~ changed. */
export function sign(change: Pick<Change, 'kind'>): string {
  return change.kind === 'added' ? '+' : change.kind === 'removed' ? '-' : '~';
}

/** What a change says beyond its entity: nothing for a whole entity, else its path and value(s). */
export function changeDetail(change: Change | SuppressedChange): string {
  if (change.path === '') return '';
  const fd = /^\/fds\/(\d+)$/.exec(change.path);
  const whole = change.kind === 'added' ? change.new : change.kind === 'removed' ? change.old : undefined;
  // A whole descriptor that appeared or went reads as the walkthrough's `ls -l /proc/PID/fd` line.
  if (fd && whole !== null && typeof whole === 'object' && typeof (whole as { target?: unknown }).target === 'string') {
    return line`fd ${fd[1]} → ${(whole as { target: string }).target} (${change.kind === 'added' ? 'new' : 'gone'})`;
  }
  const path = escapeControl(change.path);
  if (change.kind === 'added') return `${path}  ${formatValue(change.new)}`;
  if (change.kind === 'removed') return `${path}  ${formatValue(change.old)}`;
  return `${path}  ${formatValue(change.old)} → ${formatValue(change.new)}`;
}

export function unknownDetail(u: Unknown): string {
  const who = u.side === 'both' ? 'neither snapshot' : `snapshot ${u.side.toUpperCase()}`;
  return `${escapeControl(u.path || '(entity)')}  ${who} could not read it: ${escapeControl(u.reason)}`;
}

export function summaryLine(result: DiffResult): string {
  const s = result.summary;
  return `${s.added} added, ${s.removed} removed, ${s.changed} changed; ${s.runtime} runtime changes; ${s.suppressed} suppressed; ${s.unknown} unknown`;
}

/** Runtime changes by entity, in report order: the one-line-per-entity view. */
export function runtimeByEntity(changes: readonly Change[]): { first: Change; changes: Change[] }[] {
  const groups = new Map<string, { first: Change; changes: Change[] }>();
  for (const c of changes) {
    const key = `${c.entity_kind}\n${c.entity_key}`;
    const group = groups.get(key);
    if (group) group.changes.push(c);
    else groups.set(key, { first: c, changes: [c] });
  }
  return [...groups.values()];
}

/** How a runtime entity's changes read on one line: `restarted` for a whole entity, else a count and the rules. */
export function runtimeSummary(changes: readonly Change[]): string {
  const rules = [...new Set(changes.map((c) => c.rule ?? ''))].sort().join(', ');
  const only = changes.length === 1 ? changes[0] : undefined;
  if (only && only.path === '') return `(${rules})`;
  return `${changes.length} runtime change${changes.length === 1 ? '' : 's'} (${rules})`;
}

/** The one stderr line saying that the snapshots are compared as two hosts, when that was inferred. */
export function renderModeNotice(result: DiffResult): string {
  const who = (s: DiffResult['a']) => line`${s.host_name ?? 'unknown host'}, boot ${s.boot_id ?? 'unknown'}`;
  return `docksnap: comparing across hosts (A: ${who(result.a)}; B: ${who(result.b)}); give --same-host to compare as one host\n`;
}
