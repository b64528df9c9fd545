import type { EntityPair } from './entity.js';
import type { ContainerFate } from './normalize.js';
import { isTreeObject } from './tree.js';
import type { DiffMode } from './types.js';

/**
 * From the container pairs: how each snapshot's containers are named in the report (the pair's
 * key, so both snapshots name a container alike), and what happened to each: added, removed,
 * or (on one host) stopped, started, restarted or recreated.
 */
export function containerFates(containers: readonly EntityPair[], mode: DiffMode) {
  const labelsA = new Map<string, string>();
  const labelsB = new Map<string, string>();
  const fatesA = new Map<string, ContainerFate>();
  const fatesB = new Map<string, ContainerFate>();
  for (const { key, a, b } of containers) {
    if (a) labelsA.set(a.nativeId, key);
    if (b) labelsB.set(b.nativeId, key);
    if (a && !b) fatesA.set(a.nativeId, 'removed');
    if (b && !a) fatesB.set(b.nativeId, 'added');
    const fate = a && b && mode === 'same-host' ? runFate(a.head ?? a.tree, b.head ?? b.tree, a.nativeId !== b.nativeId) : undefined;
    if (a && b && fate) {
      fatesA.set(a.nativeId, fate);
      fatesB.set(b.nativeId, fate);
    }
  }
  return { labelsA, labelsB, fatesA, fatesB };
}

/** stopped or started when it ran in only one snapshot; restarted when recreated or its run is another one. */
function runFate(a: Record<string, unknown>, b: Record<string, unknown>, recreated: boolean): ContainerFate | undefined {
  const stateA = isTreeObject(a['state']) ? a['state'] : {};
  const stateB = isTreeObject(b['state']) ? b['state'] : {};
  if (!recreated && stateA['running'] === 1 && stateB['running'] !== 1) return 'stopped';
  if (!recreated && stateA['running'] !== 1 && stateB['running'] === 1) return 'started';
  return recreated || stateA['started_at'] !== stateB['started_at'] || stateA['pid'] !== stateB['pid'] ? 'restarted' : undefined;
}
