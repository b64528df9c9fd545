/**
 * Every cap docksnap applies to what it reads from a host, in one place (README "Limits" lists
 * them with what happens when one is hit). A file over its cap is not read into memory: it
 * becomes a capture_error with its size, and, where the file has a `files` row, the row keeps its
 * size and a SHA-256 computed by streaming, without content.
 */
const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

export const READ_LIMITS = {
  /** JSON documents of an engine root: container configs, hostconfig, image configs, runtime specs, daemon.json. */
  config: 64 * MiB,
  /** Small text files of an engine root: hostname, hosts, resolv.conf, config.lxc, layer markers (mount-id, cache-id, parent). */
  text: 4 * MiB,
  /** bbolt databases (volumes/metadata.db). */
  bolt: 64 * MiB,
  /** Small /proc files: stat, status, limits, cgroup, fdinfo, oom_score_adj, sys/kernel/*. */
  procFile: 1 * MiB,
  /** A container's cgroup interface files (memory.max, cpu.max, pids.max…): one short line each. */
  cgroupFile: 64 * KiB,
  /** /proc/PID/cmdline and environ. */
  procArgs: 16 * MiB,
  /** /proc tables that grow with the host: mountinfo, mounts, net/tcp, tcp6, udp, udp6, unix. */
  procTable: 64 * MiB,
  /** The most --log-tail-bytes may ask for. */
  logTail: 64 * MiB,
  /** One Docker API response body. */
  apiBody: 64 * MiB,
  /** An oversized file is hashed by streaming up to this size; beyond it only its size is kept. */
  hashStream: 4 * GiB,
  /** JSON nesting kept from a captured document; deeper values become the string in DEEP_JSON_MARKER. */
  jsonDepth: 256,
  /** Pages one bbolt bucket walk may visit (a crafted file can share pages between branches). */
  boltPages: 100_000,
  /** Links followed while resolving one path inside a root. */
  linkHops: 40,
} as const;

export type ReadKind = 'config' | 'text' | 'bolt' | 'procFile' | 'procArgs' | 'procTable';

/** Human-readable size for messages: 1.5 GiB, 64 MiB, 512 B. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${Number(value.toFixed(1))} ${units[unit]}`;
}
