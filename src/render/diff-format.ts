/** Pieces shared by the diff renderers: how a value, a path, a change's sign and the summary are written. */
import { pointerSegments } from '../diff/pointer.js';
import { statusLabel, type ContainerStatus } from '../diff/state.js';
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

/** Longer values are cut, saying how much is left out (a whole file's content, a huge env value). */
const MAX_VALUE = 4096;
/** An object or array whose one-line form is longer than this is written leaf by leaf. */
const MAX_INLINE_OBJECT = 80;

/** A value in one line: plain words as they are, anything ambiguous or structured as JSON, long values cut, controls escaped. */
export function formatValue(value: unknown): string {
  let text: string;
  if (typeof value === 'string') {
    const plain = value !== '' && !/[\s"\\]/.test(value) && !/^(null|true|false|-?\d[\d.e+-]*)$/.test(value);
    text = plain ? value : JSON.stringify(value);
  } else text = JSON.stringify(value) ?? 'null';
  text = escapeControl(text);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE)}… (${text.length - MAX_VALUE} more characters)` : text;
}

/**
 * A change path as people read it: JSON Pointer segments unescaped (no `~1`), a segment that
 * itself holds a slash (a file path used as a key) in brackets so the path stays unambiguous.
 */
export function readablePath(pointer: string): string {
  return pointerSegments(pointer).map((s) => (s.includes('/') ? `/[${s}]` : `/${s}`)).join('');
}

/** + added, - removed, ~ changed. */
export function sign(change: Pick<Change, 'kind'>): string {
  return change.kind === 'added' ? '+' : change.kind === 'removed' ? '-' : '~';
}

type Leaf = readonly [string, unknown];

function leaves(value: unknown, at = ''): Leaf[] {
  if (Array.isArray(value)) return value.length === 0 ? [[at, value]] : value.flatMap((v, i) => leaves(v, `${at}/${i}`));
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value);
    return keys.length === 0 ? [[at, value]] : keys.flatMap((k) => leaves((value as Record<string, unknown>)[k], `${at}/${k.includes('/') ? `[${k}]` : k}`));
  }
  return [[at, value]];
}

const isLarge = (v: unknown) => typeof v === 'object' && v !== null && (JSON.stringify(v)?.length ?? 0) > MAX_INLINE_OBJECT;

/**
 * The lines under a change whose value is a large object: for a change, only the leaves that
 * differ (`old → new`); for an addition or removal, every leaf. Empty when the values fit on the line.
 */
export function detailLines(change: Change | SuppressedChange): string[] {
  if (change.path === '' || isStatusChange(change) || isExecChange(change) || wholeFd(change)) return [];
  if (!isLarge(change.old) && !isLarge(change.new)) return [];
  const before = new Map(leaves(change.old));
  const after = new Map(leaves(change.new));
  if (change.kind !== 'changed') return [...(change.kind === 'added' ? after : before)].map(([k, v]) => `${k || '/'}  ${formatValue(v)}`);
  const keys = [...new Set([...before.keys(), ...after.keys()])];
  return keys
    .filter((k) => JSON.stringify(before.get(k)) !== JSON.stringify(after.get(k)))
    .map((k) => `${k || '/'}  ${before.has(k) ? formatValue(before.get(k)) : '(absent)'} → ${after.has(k) ? formatValue(after.get(k)) : '(absent)'}`);
}

/**
 * The text of a container's status change: `running → exited (137)  at 2026-…`; when Docker
 * records no time for the new state (paused), the window between the two captures.
 */
export function statusDetail(change: Pick<Change, 'old' | 'new'>, window?: { readonly from: string; readonly to: string }): string {
  const [old, now] = [change.old as ContainerStatus, change.new as ContainerStatus];
  const when = now.at ? `  at ${now.at}` : window ? `  between ${window.from} and ${window.to}` : '';
  return `${statusLabel(old)} → ${statusLabel(now)}${when}`;
}

/** The capture times of both snapshots, earlier first: when a state change without its own time happened. */
export function captureWindow(result: Pick<DiffResult, 'a' | 'b'>): { from: string; to: string } {
  const [x, y] = [result.a.started_at, result.b.started_at];
  return x <= y ? { from: x, to: y } : { from: y, to: x };
}

/** A whole fd that was opened or closed: its target (and number) in the value. */
function wholeFd(change: Change | SuppressedChange): { target: string; fd?: unknown } | undefined {
  if (!/^\/fds\/[^/]+$/.test(change.path)) return undefined;
  const whole = change.kind === 'added' ? change.new : change.kind === 'removed' ? change.old : undefined;
  return whole !== null && typeof whole === 'object' && typeof (whole as { target?: unknown }).target === 'string' ? (whole as { target: string }) : undefined;
}

export const isStatusChange = (c: Pick<Change, 'entity_kind' | 'path'>) => c.entity_kind === 'container' && c.path === '/state';
export const isExecChange = (c: Pick<Change, 'entity_kind' | 'path'>) => c.entity_kind === 'container' && /^\/execs\/[^/]+$/.test(c.path);

/** `exec in web: sh -c 'sleep 1000' (pid 18504)`, `(ended)` when it is gone. */
export function execDetail(change: Change | SuppressedChange): string {
  const session = (change.kind === 'removed' ? change.old : change.new) as { argv?: unknown; pid?: unknown } | null;
  const argv = Array.isArray(session?.argv) ? session.argv.map((a) => (/^[\w@%+=:,./-]+$/.test(String(a)) ? String(a) : `'${String(a).replace(/'/g, `'\\''`)}'`)).join(' ') : '?';
  const notes = [...(typeof session?.pid === 'number' ? [`pid ${session.pid}`] : []), ...(change.kind === 'removed' ? ['ended'] : [])];
  return `exec in ${change.entity_key}: ${argv}${notes.length ? ` (${notes.join(', ')})` : ''}`;
}

/** What a change says beyond its entity: nothing for a whole entity, else its path and value(s). */
export function changeDetail(change: Change | SuppressedChange, window?: { readonly from: string; readonly to: string }): string {
  if (change.path === '') return '';
  if (isStatusChange(change) && change.kind === 'changed') return statusDetail(change, window);
  const fd = wholeFd(change);
  // A whole descriptor that was opened or closed reads as the walkthrough's `ls -l /proc/PID/fd` line.
  if (fd) return `fd ${typeof fd.fd === 'number' ? fd.fd : pointerSegments(change.path)[1]} → ${fd.target} (${change.kind === 'added' ? 'opened' : 'closed'})`;
  const path = readablePath(change.path);
  if (detailLines(change).length > 0) return path;
  if (change.kind === 'added') return `${path}  ${formatValue(change.new)}`;
  if (change.kind === 'removed') return `${path}  ${formatValue(change.old)}`;
  return `${path}  ${formatValue(change.old)} → ${formatValue(change.new)}`;
}

export function unknownDetail(u: Unknown): string {
  const who = u.side === 'both' ? 'neither snapshot' : `snapshot ${u.side.toUpperCase()}`;
  return `${u.path ? readablePath(u.path) : '(entity)'}  ${who} could not read it: ${u.reason}`;
}

export function summaryLine(result: DiffResult): string {
  const s = result.summary;
  return `${s.state} state changes; ${s.added} added, ${s.removed} removed, ${s.changed} changed; ${s.runtime} runtime changes; ${s.suppressed} suppressed; ${s.unknown} unknown`;
}

/** A line of the folded runtime group: an entity, or a container for its short-lived processes. */
export interface RuntimeGroup {
  readonly entity_kind: Change['entity_kind'];
  readonly entity_key: string;
  readonly changes: Change[];
}

/** Runtime changes by entity, in report order; short-lived processes by their container. */
export function runtimeByEntity(changes: readonly Change[]): RuntimeGroup[] {
  const groups = new Map<string, RuntimeGroup>();
  for (const c of changes) {
    const shortLived = c.rule === 'short-lived' && c.container !== null;
    const [kind, key] = shortLived ? (['container', c.container as string] as const) : [c.entity_kind, c.entity_key];
    const id = `${kind}\n${key}\n${shortLived}`;
    const group = groups.get(id);
    if (group) group.changes.push(c);
    else groups.set(id, { entity_kind: kind, entity_key: key, changes: [c] });
  }
  return [...groups.values()];
}

/** How a runtime group reads on one line: `(restart)` for a whole entity, short-lived processes counted, else a count and the rules. */
export function runtimeSummary(changes: readonly Change[]): string {
  if (changes.every((c) => c.rule === 'short-lived')) {
    return `${changes.length} short-lived process${changes.length === 1 ? '' : 'es'} came and went (short-lived)`;
  }
  const rules = [...new Set(changes.map((c) => c.rule ?? ''))].sort().join(', ');
  const only = changes.length === 1 ? changes[0] : undefined;
  if (only && only.path === '') return `(${rules})`;
  return `${changes.length} runtime change${changes.length === 1 ? '' : 's'} (${rules})`;
}

/** The sign of a folded runtime group: the change's own for a single whole entity, else ~. */
export function runtimeSign(group: RuntimeGroup): string {
  const only = group.changes.length === 1 ? group.changes[0] : undefined;
  return only && only.rule !== 'short-lived' ? sign(only) : '~';
}

/** The one stderr line saying that the snapshots are compared as two hosts, when that was inferred. */
export function renderModeNotice(result: DiffResult): string {
  const who = (s: DiffResult['a']) => line`${s.host_name ?? 'unknown host'}, boot ${s.boot_id ?? 'unknown'}`;
  return `docksnap: comparing across hosts (A: ${who(result.a)}; B: ${who(result.b)}); give --same-host to compare as one host\n`;
}
