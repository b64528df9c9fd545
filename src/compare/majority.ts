/**
 * From the tallies to the report: for each entity and field, the value most hosts share and the
 * hosts that differ; a container's processes, files and daemon fds on a host where that container
 * is extra, missing or in another state are left to the container, by the diff's own rules
 * (container-lifecycle, run-state), with the majority as snapshot A and the host as B.
 */
import { classify } from '../diff/classify.js';
import type { SideContext } from '../diff/context.js';
import type { Entity } from '../diff/entity.js';
import { missedReason } from '../diff/gaps.js';
import type { ContainerFate } from '../diff/normalize.js';
import { isUnder } from '../diff/pointer.js';
import { compareReportOrder } from '../diff/sort.js';
import type { Tree } from '../diff/tree.js';
import { containerFates } from './fates.js';
import { HostSet } from './host-set.js';
import { majorityOf, type Group } from './vote.js';
import type { EntityTally, FieldTally, Tallies } from './tally.js';
import type { CompareHost, EntityDeviation, FieldDeviation, HostUnknown } from './types.js';

const NO_FATES: ReadonlyMap<string, ContainerFate> = new Map();

export type HostFacts = Omit<CompareHost, 'differences' | 'unknown'>;

/** The majority is no one host: its values are already rewritten, so no host's context applies to them again. */
const NOBODY: SideContext = { dockerRoot: null, execRoot: null, hostName: null, containerNames: new Map(), shortIds: new Map(), layerOwners: new Map() };

export function majorityReport(tallies: Tallies, hosts: readonly HostFacts[], suppressed: Map<string, number>) {
  const n = hosts.length;
  const differences = new Array<number>(n).fill(0);
  const unknowns = new Array<number>(n).fill(0);
  const fates = containerFates(tallies, n);
  const entities: EntityDeviation[] = [];
  const fields: FieldDeviation[] = [];
  const name = (h: number) => (hosts[h] as HostFacts).name;
  const indexOf = new Map(hosts.map((h, i) => [h.name, i]));
  // What a deviation of host h is, by the diff's rules: undefined when it is one, else the rule that folds it into its container's.
  const foldedBy = (tally: EntityTally, h: number, path: string, old: unknown, now: unknown, present: [boolean, boolean], mentions: Iterable<string> = []) => {
    if (tally.kind === 'container') return undefined;
    const hostFates = fates.get(h) ?? NO_FATES;
    // Once as the entity is (an exec session's process folds into its exec whatever the containers did), then once per container it names that fared otherwise on this host.
    for (const owner of [tally.container, ...[...mentions].filter((m) => hostFates.has(m))]) {
      const stub: Entity = { ...tally.stub, owner };
      const change = { kind: 'changed' as const, old: old as Tree, new: now as Tree };
      const verdict = classify({ mode: 'across-hosts', kind: tally.kind, path, change, a: present[0] ? stub : undefined, b: present[1] ? stub : undefined, ctxA: NOBODY, ctxB: NOBODY, fatesA: hostFates, fatesB: hostFates, ignored: false });
      if (verdict) return verdict.rule.id;
    }
    return undefined;
  };
  const count = (rule: string) => suppressed.set(rule, (suppressed.get(rule) ?? 0) + 1);

  for (const tally of tallies.entities.values()) {
    const located = { entity_kind: tally.kind, entity_key: tally.key, container: tally.container };
    const absentHosts = new HostSet(n);
    const unknown: HostUnknown[] = [];
    for (let h = 0; h < n; h++) {
      if (tally.present.has(h)) continue;
      const reason = missedReason({ gaps: new Map(), missed: tallies.missed[h] ?? [] }, tally.stub);
      if (reason) unknown.push({ host: name(h), reason });
      else absentHosts.add(h);
    }
    for (const u of unknown) unknowns[indexOf.get(u.host) as number]!++;
    const [winner, tie] = majorityOf([{ value: true, absent: false, hosts: tally.present }, { value: null, absent: true, hosts: absentHosts }]);
    const minority = winner.absent ? tally.present : absentHosts;
    const deviating = [...minority].filter((h) => {
      const rule = foldedBy(tally, h, '', null, null, winner.absent ? [false, true] : [true, false]);
      if (rule) count(rule);
      return !rule;
    });
    deviating.forEach((h) => differences[h]!++);
    if (deviating.length > 0 || unknown.length > 0) {
      entities.push({ ...located, majority: winner.absent ? 'absent' : 'present', present_on: tally.present.count, tie, extra: winner.absent ? deviating.map(name) : [], missing: winner.absent ? [] : deviating.map(name), unknown });
    }
    if (winner.absent) continue;
    for (const [path, field] of tally.fields) {
      const found = fieldDeviation(tally, path, field, n, name, foldedBy, count);
      if (!found) continue;
      for (const d of found.deviations) differences[indexOf.get(d.host) as number]!++;
      for (const u of found.unknown) unknowns[indexOf.get(u.host) as number]!++;
      fields.push({ ...located, path, ...found });
    }
  }
  const ranked: CompareHost[] = hosts.map((h, i) => ({ ...h, differences: differences[i] ?? 0, unknown: unknowns[i] ?? 0 }));
  ranked.sort((a, b) => b.differences - a.differences || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const order = (x: { entity_kind: string; entity_key: string; container: string | null }, path = '') => ({ entity_kind: x.entity_kind, entity_key: x.entity_key, container: x.container, path, order: x.entity_key }) as never;
  entities.sort((a, b) => compareReportOrder(order(a), order(b)));
  fields.sort((a, b) => compareReportOrder(order(a, a.path), order(b, b.path)));
  return { hosts: ranked, entities, fields };
}

function fieldDeviation(tally: EntityTally, path: string, field: FieldTally, n: number, name: (h: number) => string, foldedBy: (t: EntityTally, h: number, path: string, old: unknown, now: unknown, present: [boolean, boolean], mentions?: Iterable<string>) => string | undefined, count: (rule: string) => void) {
  const groups: Group[] = [...field.values].map(([text, hosts]) => ({ value: JSON.parse(text) as unknown, absent: false, hosts }));
  const seen = groups.reduce((sum, g) => sum + g.hosts.count, 0) + (field.unknown?.size ?? 0);
  const unknown: HostUnknown[] = [...(field.unknown ?? [])].map(([h, reason]) => ({ host: name(h), reason }));
  if (seen < tally.present.count) {
    const absent = new HostSet(n);
    for (const h of tally.present) if (!field.unknown?.has(h) && !groups.some((g) => g.hosts.has(h)) && !gapCovers(tally, h, path, unknown, name)) absent.add(h);
    if (absent.count > 0) groups.push({ value: null, absent: true, hosts: absent });
  }
  if (groups.length === 0) return undefined;
  const [winner, tie] = majorityOf(groups);
  const deviations = groups.filter((g) => g !== winner).flatMap((g) =>
    [...g.hosts].filter((h) => {
      const rule = foldedBy(tally, h, path, winner.absent ? null : winner.value, g.absent ? null : g.value, [!winner.absent, !g.absent], field.mentions);
      if (rule) count(rule);
      return !rule;
    }).map((h) => ({ h, value: g.absent ? null : g.value, absent: g.absent })),
  );
  if (deviations.length === 0 && unknown.length === 0) return undefined;
  return {
    majority: { value: winner.absent ? null : winner.value, absent: winner.absent, hosts: winner.hosts.count },
    tie,
    deviations: deviations.sort((a, b) => a.h - b.h).map(({ h, value, absent }) => ({ host: name(h), value, absent })),
    unknown,
  };
}

/** A field missing on a host whose capture could not read where it lies is unknown there, not absent. */
function gapCovers(tally: EntityTally, h: number, path: string, unknown: HostUnknown[], name: (h: number) => string): boolean {
  const gap = tally.gaps?.get(h)?.find((g) => isUnder(path, g.path));
  if (gap) unknown.push({ host: name(h), reason: gap.reason });
  return gap !== undefined;
}
