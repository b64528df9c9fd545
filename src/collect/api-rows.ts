/** The Docker API's bodies turned into snapshot rows (Docker's CamelCase renamed here, once). */
import type { TableInserts } from '../types/snapshot.generated.js';
import type { ApiCapture } from './docker-api/index.js';
import {
  asInteger,
  asObject,
  asString,
  asStringArray,
  containerState,
  dockerTime,
  envRows,
  labelRows,
  portRows,
  type JsonObject,
} from './container-rows.js';

type Rows<T extends keyof TableInserts> = TableInserts[T][];

export interface ContainerRows {
  readonly container: TableInserts['containers'];
  readonly env: Rows<'container_env'>;
  readonly labels: Rows<'container_labels'>;
  readonly ports: Rows<'container_ports'>;
  readonly mounts: Rows<'container_mounts'>;
}

/** One `GET /containers/<id>/json` body as rows. */
export function containerFromInspect(inspect: JsonObject): ContainerRows | undefined {
  const id = asString(inspect['Id']);
  if (!id) return undefined;
  const config = asObject(inspect['Config']);
  const host = asObject(inspect['HostConfig']);
  const state = asObject(inspect['State']);
  const upper = asString(asObject(asObject(inspect['GraphDriver'])?.['Data'])?.['UpperDir']);
  return {
    container: {
      id,
      name: (asString(inspect['Name']) ?? '').replace(/^\//, '') || null,
      image_id: asString(inspect['Image']),
      image_name: asString(config?.['Image']),
      state: containerState(state),
      running: state?.['Running'] === true ? 1 : 0,
      pid: asInteger(state?.['Pid']),
      exit_code: asInteger(state?.['ExitCode']),
      created_at: dockerTime(inspect['Created']),
      started_at: dockerTime(state?.['StartedAt']),
      finished_at: dockerTime(state?.['FinishedAt']),
      restart_count: asInteger(inspect['RestartCount']),
      path: asString(inspect['Path']),
      args: JSON.stringify(asStringArray(inspect['Args'])),
      hostname: asString(config?.['Hostname']),
      restart_policy: asString(asObject(host?.['RestartPolicy'])?.['Name']) || null,
      network_mode: asString(host?.['NetworkMode']),
      storage_driver: asString(inspect['Driver']),
      // GraphDriver.Data.UpperDir is <root>/<driver>/<mount-id>/diff.
      mount_id: upper ? (/([^/]+)\/diff$/.exec(upper)?.[1] ?? null) : null,
      log_path: asString(inspect['LogPath']) || null,
      log_driver: asString(asObject(host?.['LogConfig'])?.['Type']),
      config_format: 'api',
      source: 'api',
    },
    env: envRows(id, config?.['Env']),
    labels: labelRows(id, config?.['Labels']),
    ports: portRows(id, config?.['ExposedPorts'], host?.['PortBindings'], asObject(inspect['NetworkSettings'])?.['Ports']),
    mounts: mountRows(id, inspect['Mounts']),
  };
}

function mountRows(containerId: string, mounts: unknown): Rows<'container_mounts'> {
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

export function imagesFromApi(api: ApiCapture): { images: Rows<'images'>; tags: Rows<'image_tags'> } {
  const images: Rows<'images'> = [];
  const tags: Rows<'image_tags'> = [];
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

export function networksFromApi(api: ApiCapture): Rows<'networks'> {
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

export function volumesFromApi(api: ApiCapture): Rows<'volumes'> {
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
