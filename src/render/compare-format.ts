/** Pieces shared by the compare renderers: each host's differences as items, and the summary. */
import type { CompareResult } from '../compare/types.js';
import { compareReportOrder } from '../diff/sort.js';
import type { EntityKind } from '../diff/types.js';
import { formatValue, readablePath } from './diff-format.js';

/** One thing a host shows against the majority: `+` extra, `-` missing, `~` another value, `?` unknown. */
export interface HostItem {
  readonly mark: '+' | '-' | '~' | '?';
  readonly entity_kind: EntityKind;
  readonly entity_key: string;
  /** '' for the entity itself. */
  readonly path: string;
  /** The host's value (`~`), the reason (`?`), or empty. */
  readonly detail: string;
  /** The majority's value and how many hosts share it (`~`), or how many hosts have the entity (`+`, `-`). */
  readonly majority: string;
}

export function itemsByHost(result: CompareResult): Map<string, HostItem[]> {
  const byHost = new Map<string, HostItem[]>(result.hosts.map((h) => [h.name, []]));
  const n = result.summary.hosts;
  const add = (host: string, item: HostItem) => byHost.get(host)?.push(item);
  for (const e of result.entities) {
    const base = { entity_kind: e.entity_kind, entity_key: e.entity_key, path: '', detail: '', majority: `on ${e.present_on} of ${n} hosts` };
    for (const host of e.extra) add(host, { ...base, mark: '+' });
    for (const host of e.missing) add(host, { ...base, mark: '-' });
    for (const u of e.unknown) add(u.host, { ...base, mark: '?', detail: `not read: ${u.reason}`, majority: '' });
  }
  for (const f of result.fields) {
    const base = { entity_kind: f.entity_kind, entity_key: f.entity_key, path: f.path };
    const majority = `majority ${f.majority.absent ? '(absent)' : formatValue(f.majority.value)} on ${f.majority.hosts} of ${n} hosts${f.tie ? ', tied' : ''}`;
    for (const d of f.deviations) add(d.host, { ...base, mark: '~', detail: d.absent ? '(absent)' : formatValue(d.value), majority });
    for (const u of f.unknown) add(u.host, { ...base, mark: '?', detail: `not read: ${u.reason}`, majority: '' });
  }
  const order = (i: HostItem) => ({ ...i, order: '' });
  for (const items of byHost.values()) items.sort((a, b) => compareReportOrder(order(a), order(b)));
  return byHost;
}

/** `/HostConfig/Memory` as people read it; the entity itself is ''. */
export function itemPath(item: Pick<HostItem, 'path'>): string {
  return item.path === '' ? '' : readablePath(item.path);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function differencesOf(n: number): string {
  return plural(n, 'difference');
}

export function compareSummaryLine(result: CompareResult): string {
  const s = result.summary;
  const suppressed = Object.values(s.suppressed).reduce((a, b) => a + b, 0);
  return (
    `${plural(s.hosts, 'host')} compared: ${plural(s.deviating_hosts, 'differs', 'differ')} from the majority, ${plural(s.hosts - s.deviating_hosts, 'agrees', 'agree')}; ` +
    `${plural(s.deviations, 'difference')} in ${plural(s.fields, 'field')} of ${plural(s.entities, 'entity', 'entities')}; ${suppressed} values suppressed as noise; ${s.unknown} unknown`
  );
}
