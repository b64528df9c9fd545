import type { ProcessCgroupRow } from '../../types/snapshot.generated.js';
import { cgroupLines } from './cgroup-container.js';

/** Parses /proc/PID/cgroup: `hierarchy:controllers:path` per line, v1 and v2 (`0::/path`). */
export function parseCgroup(pid: number, text: string): ProcessCgroupRow[] {
  return cgroupLines(text).map((line) => ({ pid, hierarchy_id: line.hierarchyId, controllers: line.controllers, path: line.path }));
}
