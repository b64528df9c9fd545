import type { TableInserts } from '../../types/snapshot.generated.js';
import { asObject, asStringArray, envRows, labelRows, portRows, type JsonObject } from '../container-rows.js';
import { bindRows, legacyVolumeRows, mountPointRows, type MountInsert } from './container-mounts.js';
import { effectiveBindings, portMappingBindings } from './port-bindings.js';

export interface ContainerChildRows {
  readonly env: TableInserts['container_env'][];
  readonly labels: TableInserts['container_labels'][];
  readonly ports: TableInserts['container_ports'][];
  readonly mounts: MountInsert[];
}

/**
 * The child rows of a config.json container (Docker 0.5–1.9, LXC era included). Ports: ExposedPorts
 * (0.6.5+) and the 0.x PortSpecs (`[ip:][hostPort:]port[/proto]`) are exposed; HostConfig.PortBindings,
 * NetworkSettings.Ports (0.6.5+, see effectiveBindings) and the 0.x NetworkSettings.PortMapping (`{"Tcp":{"<port>":"<hostPort>"}}`)
 * are bindings. Mounts: MountPoints (1.7+) when recorded, else Volumes/VolumesRW;
 * then HostConfig.Binds not among them (a container never started records its binds only there).
 */
export function v1ChildRows(id: string, config: JsonObject | undefined, hostConfig: JsonObject | undefined): ContainerChildRows {
  const inner = asObject(config?.['Config']);
  const network = asObject(config?.['NetworkSettings']);
  const exposed = [
    ...Object.keys(asObject(inner?.['ExposedPorts']) ?? {}),
    ...asStringArray(inner?.['PortSpecs']).map((spec) => spec.split(':').pop() ?? spec),
  ];
  const mountPoints = mountPointRows(id, config?.['MountPoints']);
  const volumes = mountPoints.length > 0 ? mountPoints : legacyVolumeRows(id, config?.['Volumes'], config?.['VolumesRW']);
  return {
    env: envRows(id, inner?.['Env']),
    labels: labelRows(id, inner?.['Labels']),
    ports: portRows(id, exposed, effectiveBindings(hostConfig?.['PortBindings'], network?.['Ports']), portMappingBindings(network?.['PortMapping'])),
    mounts: [...volumes, ...bindRows(id, hostConfig?.['Binds'], volumes)],
  };
}
