import type { TableInserts } from '../../types/snapshot.generated.js';
import { NO_CONTAINERD_COLUMNS, asInteger, asObject, asString, containerState, dockerTime, type JsonObject } from '../container-rows.js';

export type ContainerInsert = TableInserts['containers'];

/** What the caller knows beyond the config: its format, the rw layer, the log path. */
export interface ContainerContext {
  readonly configFormat: string;
  readonly mountId: string | null;
  readonly logPath: string | null;
  readonly storageDriver: string | null;
}

/**
 * The containers row from a container's config (config.v2.json or any era's config.json) and
 * hostconfig.json. Fields the era did not record are null; a container whose config could not be
 * read is still a row, in state unknown.
 */
export function containerRow(id: string, config: JsonObject | undefined, hostConfig: JsonObject | undefined, context: ContainerContext): ContainerInsert {
  const c = config ?? {};
  const state = asObject(c['State']);
  const inner = asObject(c['Config']);
  const name = asString(c['Name']);
  return {
    id,
    name: name ? name.replace(/^\//, '') : null,
    image_id: asString(c['Image']) || null,
    image_name: asString(inner?.['Image']) || null,
    state: config ? containerState(state) : 'unknown',
    running: state?.['Running'] === true ? 1 : 0,
    pid: asInteger(state?.['Pid']),
    exit_code: asInteger(state?.['ExitCode']),
    created_at: dockerTime(c['Created']),
    started_at: dockerTime(state?.['StartedAt']),
    finished_at: dockerTime(state?.['FinishedAt']),
    restart_count: asInteger(c['RestartCount']),
    oom_killed: typeof state?.['OOMKilled'] === 'boolean' ? Number(state['OOMKilled']) : null,
    path: asString(c['Path']),
    args: JSON.stringify(Array.isArray(c['Args']) ? c['Args'] : []),
    hostname: asString(inner?.['Hostname']),
    restart_policy: asString(asObject(hostConfig?.['RestartPolicy'])?.['Name']) || null,
    network_mode: asString(hostConfig?.['NetworkMode']) || null,
    storage_driver: asString(c['Driver']) || context.storageDriver,
    mount_id: context.mountId,
    log_path: context.logPath,
    log_driver: asString(asObject(hostConfig?.['LogConfig'])?.['Type']) || null,
    config_format: context.configFormat,
    source: 'docker-root',
    engine_id: null,
    pod_id: null,
    ...NO_CONTAINERD_COLUMNS,
  };
}
