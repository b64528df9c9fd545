import type { InsertRows, TableInserts } from '../../types/snapshot.generated.js';
import { NO_CONTAINERD_COLUMNS, asInteger, asObject, asString, asStringArray, dockerTime, envRows, labelRows, type ContainerRows, type JsonObject } from '../container-rows.js';
import type { LibpodContainer } from './libpod-state.js';
import { podmanImageId, type StoredContainer } from './storage.js';

/** libpod's ContainerStatus numbers (libpod/define/containerstate.go) as the state names docksnap uses. */
const STATES = ['unknown', 'created', 'created', 'running', 'exited', 'paused', 'exited', 'removing', 'stopping'] as const;

/**
 * The rows of a Podman container from containers.json and libpod's config and state; the OCI
 * spec (libpod's copy, else userdata/config.json) gives the command, env and hostname. A
 * container libpod does not know (state database unreadable) is still a row, in state unknown.
 */
export function podmanContainerRows(
  stored: StoredContainer,
  libpod: LibpodContainer | undefined,
  ociSpec: JsonObject | undefined,
  context: { engineId: string; driver: string | null },
): ContainerRows {
  const id = stored.id;
  const config = libpod?.config ?? {};
  const state = libpod?.state;
  const spec = asObject(config['spec']) ?? ociSpec ?? {};
  const processArgs = asStringArray(asObject(spec['process'])?.['args']);
  const stateName = state ? (STATES[asInteger(state['state']) ?? 0] ?? 'unknown') : 'unknown';
  const container: TableInserts['containers'] = {
    id,
    name: asString(config['name']) ?? stored.name,
    image_id: podmanImageId(asString(config['rootfsImageID']) ?? stored.imageId),
    image_name: asString(config['rootfsImageName']) ?? stored.imageName,
    state: stateName,
    running: stateName === 'running' || stateName === 'paused' || stateName === 'stopping' ? 1 : 0,
    pid: asInteger(state?.['pid']),
    exit_code: asInteger(state?.['exitCode']) ?? libpod?.exitCode ?? null,
    created_at: dockerTime(config['createdTime']) ?? stored.created,
    started_at: dockerTime(state?.['startedTime']),
    finished_at: dockerTime(state?.['finishedTime']),
    restart_count: asInteger(state?.['restartCount']),
    // libpod's ContainerState writes oomKilled only when true (omitempty).
    oom_killed: state ? (state['oomKilled'] === true ? 1 : 0) : null,
    path: processArgs[0] ?? null,
    args: JSON.stringify(processArgs.slice(1)),
    hostname: asString(spec['hostname']),
    restart_policy: asString(config['restartPolicy']) || null,
    network_mode: networkMode(spec, config),
    storage_driver: context.driver,
    mount_id: stored.layer,
    log_path: asString(config['logPath']),
    log_driver: asString(config['logDriver']),
    config_format: libpod?.config ? 'libpod' : 'oci',
    source: 'podman-root',
    engine_id: context.engineId,
    pod_id: asString(config['pod']) || null,
    ...NO_CONTAINERD_COLUMNS,
  };
  return {
    container,
    env: envRows(id, asObject(spec['process'])?.['env']),
    labels: labelRows(id, config['labels']),
    ports: portRows(id, config['newPortMappings'] ?? config['portMappings']),
    mounts: mountRows(id, spec, config, state),
  };
}

/** host without a network namespace; ns:<path> joining one; bridge when libpod made one with networking, else none. */
function networkMode(spec: JsonObject, config: JsonObject): string {
  const namespaces = (Array.isArray(asObject(spec['linux'])?.['namespaces']) ? asObject(spec['linux'])!['namespaces'] : []) as unknown[];
  const network = namespaces.map(asObject).find((ns) => ns?.['type'] === 'network');
  if (!network) return 'host';
  const path = asString(network['path']);
  if (path) return `ns:${path}`;
  return config['createNetNS'] === true ? 'bridge' : 'none';
}

/** libpod PortMapping: container_port, protocol (comma-separated), host_ip, host_port, range. */
function portRows(id: string, mappings: unknown): InsertRows<'container_ports'> {
  if (!Array.isArray(mappings)) return [];
  return mappings.flatMap((value) => {
    const m = asObject(value);
    const containerPort = asInteger(m?.['container_port']);
    if (!m || containerPort === null) return [];
    const range = Math.max(1, asInteger(m['range']) ?? 1);
    const hostPort = asInteger(m['host_port']);
    return (asString(m['protocol']) ?? 'tcp').split(',').flatMap((proto) =>
      Array.from({ length: range }, (_, i) => ({
        container_id: id,
        container_port: containerPort + i,
        proto,
        host_ip: asString(m['host_ip']) ?? '',
        host_port: hostPort === null ? null : hostPort + i,
      })),
    );
  });
}

/** The user's binds (spec mounts libpod did not add itself) and named volumes. */
function mountRows(id: string, spec: JsonObject, config: JsonObject, state: JsonObject | undefined): InsertRows<'container_mounts'> {
  const internal = new Set([...Object.keys(asObject(state?.['bindMounts']) ?? {}), '/dev/shm']);
  const rows: InsertRows<'container_mounts'> = [];
  for (const value of Array.isArray(spec['mounts']) ? spec['mounts'] : []) {
    const m = asObject(value);
    const destination = asString(m?.['destination']);
    if (!m || !destination || m['type'] !== 'bind' || internal.has(destination)) continue;
    const options = asStringArray(m['options']);
    const propagation = options.find((o) => /^r?(shared|slave|private)$/.test(o)) ?? null;
    rows.push({ container_id: id, destination, type: 'bind', source: asString(m['source']), name: null, driver: null, rw: options.includes('ro') ? 0 : 1, propagation });
  }
  for (const value of Array.isArray(config['namedVolumes']) ? config['namedVolumes'] : []) {
    const v = asObject(value);
    const destination = asString(v?.['Dest']);
    if (!v || !destination || rows.some((r) => r.destination === destination)) continue;
    rows.push({ container_id: id, destination, type: 'volume', source: null, name: asString(v['Name']), driver: 'local', rw: asStringArray(v['Options']).includes('ro') ? 0 : 1, propagation: null });
  }
  return rows;
}
