/**
 * Whether a container's cgroup limit, as the kernel holds it, is only what its HostConfig asked
 * for: then a change of it is the config's change, reported once, on /HostConfig. A limit that
 * disagrees with the config (set behind the engine's back) is not a mirror and stays reported.
 * The conversions are runc's (v1 memory in whole pages, v2 cpu.weight from CpuShares).
 */
import { isTreeObject, type Tree, type TreeObject } from './tree.js';

const PAGE = 4096;
const CFS_PERIOD_DEFAULT = 100_000;
/** What the kernel shows for "no memory limit" on v1: LONG_MAX rounded down to a page, or more. */
const V1_UNLIMITED = 2 ** 62;

type HostConfig = Readonly<Record<string, Tree>>;
type Expectation = (config: HostConfig, value: string) => boolean;

const numberOf = (value: Tree | undefined): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

function cfsQuota(config: HostConfig): { quota: number; period: number } {
  const period = numberOf(config['CpuPeriod']) || CFS_PERIOD_DEFAULT;
  const nano = numberOf(config['NanoCpus']);
  const quota = nano > 0 ? Math.round((nano * period) / 1e9) : numberOf(config['CpuQuota']);
  return { quota: quota > 0 ? quota : -1, period };
}

function memoryLimit(config: HostConfig, value: string, unlimited: (v: string) => boolean): boolean {
  const memory = numberOf(config['Memory']);
  if (memory <= 0) return unlimited(value);
  return Number(value) === Math.floor(memory / PAGE) * PAGE || Number(value) === memory;
}

function pidsLimit(config: HostConfig, value: string): boolean {
  const limit = numberOf(config['PidsLimit']);
  return limit > 0 ? value === String(limit) : value === 'max' || Number(value) >= V1_UNLIMITED;
}

function cpuShares(config: HostConfig): number {
  return numberOf(config['CpuShares']) || 1024;
}

const MIRRORS: Readonly<Record<string, Expectation>> = {
  'memory.max': (c, v) => memoryLimit(c, v, (x) => x === 'max'),
  'memory.limit_in_bytes': (c, v) => memoryLimit(c, v, (x) => Number(x) >= V1_UNLIMITED),
  'memory.high': (_c, v) => v === 'max',
  'pids.max': pidsLimit,
  'cpu.max': (c, v) => {
    const { quota, period } = cfsQuota(c);
    return v === `${quota < 0 ? 'max' : quota} ${period}`;
  },
  'cpu.cfs_quota_us': (c, v) => Number(v) === cfsQuota(c).quota,
  'cpu.cfs_period_us': (c, v) => Number(v) === cfsQuota(c).period,
  'cpu.shares': (c, v) => Number(v) === cpuShares(c),
  'cpu.weight': (c, v) => {
    const shares = numberOf(c['CpuShares']);
    return Number(v) === (shares > 0 ? 1 + Math.floor(((shares - 2) * 9999) / 262142) : 100);
  },
};

/**
 * True when `value` (the limit file at `path`, /cgroup_limits/<file>) is what the container's own
 * HostConfig asks for; false when it is absent, unknown, or disagrees.
 */
export function mirrorsHostConfig(container: TreeObject | undefined, path: string, value: Tree): boolean {
  const file = path.slice('/cgroup_limits/'.length);
  const expectation = MIRRORS[file];
  const config = container?.['HostConfig'];
  if (!expectation || typeof value !== 'string' || !isTreeObject(config)) return false;
  return expectation(config, value.trim());
}
