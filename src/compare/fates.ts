import type { ContainerFate } from '../diff/normalize.js';
import { HostSet } from './host-set.js';
import type { Tallies } from './tally.js';
import { majorityOf } from './vote.js';

/**
 * What each host's containers are against the majority, by host: added (it has a container most
 * hosts lack), removed (it lacks one most have), stopped or started (it runs one most do not, or the reverse).
 */
export function containerFates(tallies: Tallies, n: number): Map<number, Map<string, ContainerFate>> {
  const fates = new Map<number, Map<string, ContainerFate>>();
  const set = (h: number, label: string, fate: ContainerFate) => {
    let map = fates.get(h);
    if (!map) fates.set(h, (map = new Map()));
    map.set(label, fate);
  };
  for (const tally of tallies.entities.values()) {
    if (tally.kind !== 'container') continue;
    const absent = new HostSet(n);
    for (let h = 0; h < n; h++) if (!tally.present.has(h)) absent.add(h);
    const [winner] = majorityOf([{ value: true, absent: false, hosts: tally.present }, { value: null, absent: true, hosts: absent }]);
    for (const h of winner.absent ? tally.present : absent) set(h, tally.key, winner.absent ? 'added' : 'removed');
    if (winner.absent) continue;
    const status = tally.fields.get('/state');
    if (!status) continue;
    const [usual] = majorityOf([...status.values].map(([text, hosts]) => ({ value: JSON.parse(text) as unknown, absent: false, hosts })));
    const running = (v: unknown) => v === 'running';
    for (const [text, hosts] of status.values) {
      const value = JSON.parse(text) as unknown;
      if (running(value) === running(usual.value)) continue;
      for (const h of hosts) set(h, tally.key, running(value) ? 'started' : 'stopped');
    }
  }
  return fates;
}
