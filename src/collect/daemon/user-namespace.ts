import type { EngineIdMapRow } from '../../types/snapshot.generated.js';
import type { ProcessIdentity } from '../proc/scan.js';
import { readIdMaps, rootlesskitAbove, type IdRange } from './rootless.js';

/** The user namespace a daemon runs in, when it is not the host's: its id maps, and the rootlesskit processes above it. */
export interface DaemonUserNamespace {
  readonly uid: IdRange[];
  readonly gid: IdRange[];
  readonly rootlesskitPids: number[];
}

/** Reads the daemon's uid_map and gid_map (live or from a saved /proc); undefined in the host's user namespace. */
export function readUserNamespace(procRoot: string, daemon: ProcessIdentity, processes: readonly ProcessIdentity[]): DaemonUserNamespace | undefined {
  const maps = readIdMaps(procRoot, daemon.pid);
  return maps && { ...maps, rootlesskitPids: rootlesskitAbove(daemon, processes) };
}

export function idMapRows(engineId: string, pid: number, namespace: DaemonUserNamespace): EngineIdMapRow[] {
  const rows = (kind: 'uid' | 'gid', map: readonly IdRange[]) =>
    map.map((r) => ({ engine_id: engineId, pid, kind, inside_id: r.inside, outside_id: r.outside, count: r.count }));
  return [...rows('uid', namespace.uid), ...rows('gid', namespace.gid)];
}
