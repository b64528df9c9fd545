import type { SnapshotDb } from '../store/open.js';
import { parseJsonOrNull } from './group.js';

/** One setting of a container that shapes what it may do, with whether it is Docker's default. */
export interface ContainerSetting {
  /** Setting name, as docker run's option reads (memory, cpu_shares, privileged, cap_add…). */
  readonly name: string;
  /** Its value as recorded (bytes, shares, a list, a boolean); null when not recorded. */
  readonly value: unknown;
  /** true when the value is Docker's default (unlimited, none, false), so it says nothing about the container. */
  readonly is_default: boolean;
}

type Json = Record<string, unknown>;

/** [name, where it is, default test]: HostConfig first, then Config (the 2013 era kept limits in Config). */
const SETTINGS: readonly [string, readonly string[], (value: unknown) => boolean][] = [
  ['privileged', ['HostConfig.Privileged', 'Config.Privileged'], (v) => v !== true],
  ['memory', ['HostConfig.Memory', 'Config.Memory'], zero],
  ['memory_swap', ['HostConfig.MemorySwap', 'Config.MemorySwap'], zero],
  ['memory_reservation', ['HostConfig.MemoryReservation'], zero],
  ['cpu_shares', ['HostConfig.CpuShares', 'Config.CpuShares'], zero],
  ['cpus', ['HostConfig.NanoCpus'], zero],
  ['cpu_quota', ['HostConfig.CpuQuota'], zero],
  ['cpu_period', ['HostConfig.CpuPeriod'], zero],
  ['cpuset_cpus', ['HostConfig.CpusetCpus', 'Config.Cpuset'], empty],
  ['pids_limit', ['HostConfig.PidsLimit'], (v) => zero(v) || v === -1],
  ['cap_add', ['HostConfig.CapAdd'], empty],
  ['cap_drop', ['HostConfig.CapDrop'], empty],
  ['security_opt', ['HostConfig.SecurityOpt'], empty],
  ['readonly_rootfs', ['HostConfig.ReadonlyRootfs'], (v) => v !== true],
  ['user', ['Config.User'], empty],
  ['pid_mode', ['HostConfig.PidMode'], empty],
  ['ipc_mode', ['HostConfig.IpcMode'], (v) => empty(v) || v === 'private' || v === 'shareable'],
  ['userns_mode', ['HostConfig.UsernsMode'], empty],
  ['devices', ['HostConfig.Devices'], empty],
  ['binds', ['HostConfig.Binds'], empty],
  ['publish_all_ports', ['HostConfig.PublishAllPorts'], (v) => v !== true],
  ['ulimits', ['HostConfig.Ulimits'], empty],
  ['oom_kill_disable', ['HostConfig.OomKillDisable'], (v) => v !== true],
];

/**
 * The limits and security settings of a container, from what Docker wrote: the API's inspect when
 * it answered, else hostconfig.json and config.v2.json / config.json. Settings no source records
 * are left out.
 */
export function readContainerSettings(db: SnapshotDb, id: string): ContainerSetting[] {
  const inspect = asObject(parseJsonOrNull(db.get<{ body: string }>('SELECT body FROM api_responses WHERE endpoint = ?', `/containers/${id}/json`)?.body ?? null));
  const parsed = (role: string) => asObject(parseJsonOrNull(db.get<{ parsed: string | null }>('SELECT parsed FROM files WHERE container_id = ? AND role = ?', id, role)?.parsed ?? null));
  const config = parsed('config.v2.json') ?? parsed('config.json');
  const sources: Json = {
    HostConfig: asObject(inspect?.['HostConfig']) ?? parsed('hostconfig.json') ?? asObject(config?.['HostConfig']),
    Config: asObject(inspect?.['Config']) ?? asObject(config?.['Config']),
  };
  const settings: ContainerSetting[] = [];
  for (const [name, paths, isDefault] of SETTINGS) {
    const found = paths.map((p) => lookup(sources, p)).find((v) => v !== undefined);
    if (found === undefined) continue;
    settings.push({ name, value: found, is_default: isDefault(found) });
  }
  return settings;
}

function lookup(root: Json, path: string): unknown {
  let value: unknown = root;
  for (const key of path.split('.')) {
    const object = asObject(value);
    if (!object || !Object.hasOwn(object, key)) return undefined;
    value = object[key];
  }
  return value;
}

function asObject(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function zero(value: unknown): boolean {
  return value === 0 || value === null;
}

function empty(value: unknown): boolean {
  return value === null || value === '' || (Array.isArray(value) && value.length === 0);
}
