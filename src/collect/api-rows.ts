/** The Docker API's bodies turned into snapshot rows (Docker's CamelCase renamed here, once). */
import type { InsertRows } from '../types/snapshot.generated.js';
import type { ApiCapture } from './docker-api/index.js';
import { NO_CONTAINERD_COLUMNS, asInteger, asObject, asString, asStringArray, dockerTime, type ContainerRows, type JsonObject } from './container-rows.js';
import { containerRow } from './docker-root/container-record.js';
import { v2ChildRows } from './docker-root/config-v2.js';

/**
 * One `GET /containers/<id>/json` body as rows. An inspect body is config.v2.json with the
 * host config inside and the mounts as a list, so the Docker root's readers serve it too.
 */
export function containerFromInspect(inspect: JsonObject): ContainerRows | undefined {
  const id = asString(inspect['Id']);
  if (!id) return undefined;
  const host = asObject(inspect['HostConfig']);
  const upper = asString(asObject(asObject(inspect['GraphDriver'])?.['Data'])?.['UpperDir']);
  const children = v2ChildRows(id, inspect, host);
  return {
    container: {
      ...containerRow(id, inspect, host, {
        configFormat: 'api',
        // GraphDriver.Data.UpperDir is <root>/<driver>/<mount-id>/diff.
        mountId: upper ? (/([^/]+)\/diff$/.exec(upper)?.[1] ?? null) : null,
        logPath: asString(inspect['LogPath']) || null,
        storageDriver: null,
      }),
      source: 'api',
      engine_id: null,
      pod_id: null,
    },
    env: children.env,
    labels: children.labels,
    ports: children.ports,
    mounts: mountRows(id, inspect['Mounts']),
  };
}

function mountRows(containerId: string, mounts: unknown): InsertRows<'container_mounts'> {
  if (!Array.isArray(mounts)) return [];
  return mounts
    .map(asObject)
    .filter((m): m is JsonObject => m !== undefined && typeof m['Destination'] === 'string')
    .map((m) => ({
      container_id: containerId,
      destination: m['Destination'] as string,
      type: asString(m['Type']),
      source: asString(m['Source']),
      name: asString(m['Name']) || null,
      driver: asString(m['Driver']) || null,
      rw: m['RW'] === false ? 0 : 1,
      propagation: asString(m['Propagation']) || null,
    }));
}

export function imagesFromApi(api: ApiCapture): { images: InsertRows<'images'>; tags: InsertRows<'image_tags'> } {
  const images: InsertRows<'images'> = [];
  const tags: InsertRows<'image_tags'> = [];
  for (const image of api.images) {
    const id = asString(image['Id']);
    if (!id) continue;
    const created = asInteger(image['Created']);
    images.push({
      id,
      created_at: created === null ? null : new Date(created * 1000).toISOString(),
      parent_id: asString(image['ParentId']) || null,
      size: asInteger(image['Size']),
      os: null,
      architecture: null,
      source: 'api',
    });
    const names = new Set([...asStringArray(image['RepoTags']), ...asStringArray(image['RepoDigests'])]);
    for (const tag of names) if (!tag.startsWith('<none>')) tags.push({ image_id: id, tag });
  }
  return { images, tags };
}

export function networksFromApi(api: ApiCapture): InsertRows<'networks'> {
  return api.networks
    .filter((n) => typeof n['Id'] === 'string')
    .map((n) => ({
      id: n['Id'] as string,
      name: asString(n['Name']) ?? '',
      driver: asString(n['Driver']),
      scope: asString(n['Scope']),
      created_at: dockerTime(n['Created']),
    }));
}

export function volumesFromApi(api: ApiCapture): InsertRows<'volumes'> {
  return api.volumes
    .filter((v) => typeof v['Name'] === 'string')
    .map((v) => ({
      name: v['Name'] as string,
      driver: asString(v['Driver']),
      mountpoint: asString(v['Mountpoint']),
      created_at: dockerTime(v['CreatedAt']),
      labels: v['Labels'] === null || v['Labels'] === undefined ? null : JSON.stringify(v['Labels']),
    }));
}
