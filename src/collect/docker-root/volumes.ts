import { posix } from 'node:path';
import type { TableInserts } from '../../types/snapshot.generated.js';
import { asObject, asString } from '../container-rows.js';
import type { RootReader } from './root-reader.js';

export type VolumeInsert = TableInserts['volumes'];

/**
 * Named volumes: volumes/<name>/_data (1.7+), or volumes/<id>/config.json whose Path names the data
 * (1.0–1.6). The mountpoint is given as the host saw it (under the recorded root, like the Source of
 * the mounts that use it) when that root is known, else where it lies under the given root.
 * Driver and labels live in volumes/metadata.db (bbolt), which is not read: the driver is taken as
 * local, the only one that keeps its data under the root.
 */
export function readVolumes(reader: RootReader, recordedRoot: string | undefined): VolumeInsert[] {
  const volumes: VolumeInsert[] = [];
  for (const entry of reader.list('volumes', 'volumes')) {
    if (!entry.isDirectory()) continue;
    const dir = `volumes/${entry.name}`;
    if (reader.stat(`${dir}/_data`)?.isDirectory()) {
      const mountpoint = recordedRoot ? posix.join(recordedRoot, dir, '_data') : reader.hostPath(`${dir}/_data`);
      volumes.push({ name: entry.name, driver: 'local', mountpoint, created_at: null, labels: null });
      continue;
    }
    const legacy = reader.stat(`${dir}/config.json`) ? reader.readJson(`volume ${entry.name}`, `${dir}/config.json`) : undefined;
    if (!legacy) continue;
    const path = asString(asObject(legacy.value)?.['Path']);
    volumes.push({ name: entry.name, driver: 'local', mountpoint: path, created_at: null, labels: null });
  }
  return volumes;
}
