import type { ProcessLimitRow } from '../../types/snapshot.generated.js';

/**
 * Parses /proc/PID/limits, a fixed-width table whose columns start where the header's
 * "Soft Limit", "Hard Limit" and "Units" start.
 */
export function parseLimits(pid: number, text: string): ProcessLimitRow[] {
  const [header, ...lines] = text.split('\n');
  if (!header) return [];
  const soft = header.indexOf('Soft Limit');
  const hard = header.indexOf('Hard Limit');
  const units = header.indexOf('Units');
  if (soft < 0 || hard < soft || units < hard) return [];
  return lines
    .filter((line) => line.trim() !== '')
    .map((line) => ({
      pid,
      name: line.slice(0, soft).trim(),
      soft: line.slice(soft, hard).trim(),
      hard: line.slice(hard, units).trim(),
      units: line.slice(units).trim() || null,
    }));
}
