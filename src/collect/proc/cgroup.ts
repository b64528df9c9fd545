import type { ProcessCgroupRow } from '../../types/snapshot.generated.js';

/** Parses /proc/PID/cgroup: `hierarchy:controllers:path` per line, v1 and v2 (`0::/path`). */
export function parseCgroup(pid: number, text: string): ProcessCgroupRow[] {
  const rows: ProcessCgroupRow[] = [];
  for (const line of text.split('\n')) {
    const first = line.indexOf(':');
    const second = line.indexOf(':', first + 1);
    if (first < 0 || second < 0) continue;
    rows.push({
      pid,
      hierarchy_id: Number(line.slice(0, first)),
      controllers: line.slice(first + 1, second),
      path: line.slice(second + 1),
    });
  }
  return rows;
}
