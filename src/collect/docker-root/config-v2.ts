import { asObject, envRows, labelRows, portRows, type JsonObject } from '../container-rows.js';
import { mountPointRows } from './container-mounts.js';
import { effectiveBindings } from './port-bindings.js';
import type { ContainerChildRows } from './config-v1.js';

/**
 * The child rows of a config.v2.json container (Docker ≥1.10). Exposed ports are Config's plus any
 * a ContainerConfig block records (some tools' roots keep the image's there); bindings are those
 * NetworkSettings.Ports shows bound, else those HostConfig.PortBindings asked for.
 */
export function v2ChildRows(id: string, config: JsonObject | undefined, hostConfig: JsonObject | undefined): ContainerChildRows {
  const inner = asObject(config?.['Config']);
  const exposed = [
    ...Object.keys(asObject(inner?.['ExposedPorts']) ?? {}),
    ...Object.keys(asObject(asObject(config?.['ContainerConfig'])?.['ExposedPorts']) ?? {}),
  ];
  return {
    env: envRows(id, inner?.['Env']),
    labels: labelRows(id, inner?.['Labels']),
    ports: portRows(id, exposed, effectiveBindings(hostConfig?.['PortBindings'], asObject(config?.['NetworkSettings'])?.['Ports'])),
    mounts: mountPointRows(id, config?.['MountPoints']),
  };
}
