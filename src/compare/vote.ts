import type { HostSet } from './host-set.js';

/** A candidate value of a field (or presence of an entity) and its hosts. */
export interface Group {
  readonly value: unknown;
  readonly absent: boolean;
  readonly hosts: HostSet;
}

/** The group most hosts share; on a tie, the one that holds the first host (in input order). */
export function majorityOf(groups: readonly Group[]): [Group, boolean] {
  const live = groups.filter((g) => g.hosts.count > 0);
  const best = Math.max(...live.map((g) => g.hosts.count));
  const top = live.filter((g) => g.hosts.count === best).sort((a, b) => a.hosts.first - b.hosts.first);
  return [top[0] as Group, top.length > 1];
}
