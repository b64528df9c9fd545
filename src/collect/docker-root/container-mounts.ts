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
