import { posix } from 'node:path';
import type { TableInserts } from '../../types/snapshot.generated.js';
import { asObject, asString } from '../container-rows.js';
import { captureError, tooDeep } from '../errors.js';
import { parseHostJson } from '../../util/json-depth.js';
import { readBoltBucket } from './bbolt.js';
import type { RootReader } from './root-reader.js';

export type VolumeInsert = TableInserts['volumes'];

interface VolumeMetadata {
  readonly driver: string | null;
  readonly labels: string | null;
}

/**
 * Named volumes: volumes/<name>/_data (1.7+), or volumes/<id>/config.json whose Path names the data
 * (1.0–1.6), with driver and labels from volumes/metadata.db (1.11+, bbolt bucket `volumes`:
 * name → {Name, Driver, Labels, Options}); a volume only the database knows (another driver) is
 * listed too. The mountpoint is given as the host saw it (under the recorded root, like the Source
 * of the mounts that use it) when that root is known, else where it lies under the given root.
 */
export function readVolumes(reader: RootReader, recordedRoot: string | undefined): VolumeInsert[] {
  const metadata = readMetadata(reader);
  const volumes = new Map<string, VolumeInsert>();
  for (const entry of reader.list('volumes', 'volumes')) {
    if (!entry.isDirectory()) continue;
    const dir = `volumes/${entry.name}`;
    let mountpoint: string | null;
    if (reader.stat(`${dir}/_data`)?.isDirectory()) {
      mountpoint = recordedRoot ? posix.join(recordedRoot, dir, '_data') : reader.hostPath(`${dir}/_data`);
    } else {
      const legacy = reader.stat(`${dir}/config.json`) ? reader.readJson(`volume ${entry.name}`, `${dir}/config.json`) : undefined;
      if (!legacy) continue;
      mountpoint = asString(asObject(legacy.value)?.['Path']);
    }
    const known = metadata.get(entry.name);
    volumes.set(entry.name, { name: entry.name, driver: known?.driver ?? 'local', mountpoint, created_at: null, labels: known?.labels ?? null });
  }
  for (const [name, known] of metadata) {
    if (!volumes.has(name)) volumes.set(name, { name, driver: known.driver, mountpoint: null, created_at: null, labels: known.labels });
  }
  return [...volumes.values()];
}

function readMetadata(reader: RootReader): Map<string, VolumeMetadata> {
  const metadata = new Map<string, VolumeMetadata>();
  if (!reader.stat('volumes/metadata.db')) return metadata;
  const read = reader.read('volumes', 'volumes/metadata.db', 'bolt');
  if (!read) return metadata;
  try {
    for (const [name, value] of readBoltBucket(read.bytes, 'volumes', (message) => reader.problem('volumes', read.path, 'bolt-shared-page', message))) {
      let record: ReturnType<typeof asObject>;
      try {
        const parsed = parseHostJson(value.toString('utf8'));
        if (parsed.deep) reader.errors.push(tooDeep('docker-root', `volume ${name}`, read.path));
        record = asObject(parsed.value);
      } catch (error) {
        reader.errors.push(captureError('docker-root', `volume ${name}`, read.path, error));
      }
      const labels = asObject(record?.['Labels']);
      metadata.set(name, { driver: asString(record?.['Driver']) || null, labels: labels ? JSON.stringify(labels) : null });
    }
  } catch (error) {
    reader.problem('volumes', read.path, 'bad-bolt', error instanceof Error ? error.message : String(error));
  }
  return metadata;
}
