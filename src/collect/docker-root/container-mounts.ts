import type { TableInserts } from '../../types/snapshot.generated.js';
import { asObject, asString, type Json, type JsonObject } from '../container-rows.js';

export type MountInsert = TableInserts['container_mounts'];

/** An own property of parsed JSON: keys from the examined host may be `__proto__`. */
export function own(object: JsonObject | undefined, key: string): Json | undefined {
  return object && Object.hasOwn(object, key) ? object[key] : undefined;
}

/** MountPoints (1.7+): one row per destination, as Docker recorded it. */
export function mountPointRows(id: string, mountPoints: unknown): MountInsert[] {
  const rows: MountInsert[] = [];
  for (const [key, value] of Object.entries(asObject(mountPoints) ?? {})) {
    const m = asObject(value);
    if (!m) continue;
    rows.push({
      container_id: id,
      destination: asString(m['Destination']) || key,
      type: asString(m['Type']) || null,
      source: asString(m['Source']) || null,
      name: asString(m['Name']) || null,
      driver: asString(m['Driver']) || null,
      rw: m['RW'] === false ? 0 : 1,
      propagation: asString(m['Propagation']) || null,
    });
  }
  return rows;
}

/** Volumes {ctrPath: hostPath} with VolumesRW {ctrPath: bool} (before 1.10): binds and volumes alike, type unrecorded. */
export function legacyVolumeRows(id: string, volumes: unknown, volumesRw: unknown): MountInsert[] {
  const rw = asObject(volumesRw);
  return Object.entries(asObject(volumes) ?? {}).map(([destination, source]) => ({
    container_id: id,
    destination,
    type: null,
    source: asString(source) || null,
    name: null,
    driver: null,
    rw: own(rw, destination) === false ? 0 : 1,
    propagation: null,
  }));
}

/**
 * HostConfig.Binds (`host:container[:ro|rw]`): what a container created with -v but never started
 * records (0.x and 1.x write Volumes only at start). Destinations already listed are skipped.
 */
export function bindRows(id: string, binds: unknown, listed: readonly MountInsert[]): MountInsert[] {
  const seen = new Set(listed.map((m) => m.destination));
  const rows: MountInsert[] = [];
  for (const bind of Array.isArray(binds) ? binds : []) {
    if (typeof bind !== 'string') continue;
    const [source, destination, mode] = bind.split(':');
    if (!source || !destination || seen.has(destination)) continue;
    seen.add(destination);
    rows.push({ container_id: id, destination, type: 'bind', source, name: null, driver: null, rw: mode?.split(',').includes('ro') ? 0 : 1, propagation: null });
  }
  return rows;
}
