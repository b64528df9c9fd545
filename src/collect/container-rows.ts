/**
 * Docker's container JSON (config.v2.json, v1 config.json, API inspect) turned into rows of the
 * container child tables. Shared by the Docker root readers and the API collector, so the same
 * field always becomes the same row whatever the source. Keys come from the examined host and
 * may be hostile (`__proto__`): only own entries of parsed JSON are read, nothing is assigned by key.
 */
import type { ContainerEnvRow, ContainerLabelRow, ContainerPortRow, InsertRows, TableInserts } from '../types/snapshot.generated.js';

/** One container as rows: its `containers` row and its child tables, whichever engine described it. */
export interface ContainerRows {
  readonly container: TableInserts['containers'];
  readonly env: InsertRows<'container_env'>;
  readonly labels: InsertRows<'container_labels'>;
  readonly ports: InsertRows<'container_ports'>;
  readonly mounts: InsertRows<'container_mounts'>;
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

export function asString(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export function asInteger(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) ? value : null;
}

export function asStringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** A Docker timestamp, or null for absent, empty and Go's zero time. */
export function dockerTime(value: unknown): string | null {
  if (typeof value !== 'string' || value === '' || value.startsWith('0001-01-01')) return null;
  return value;
}

/** The state name Docker shows (`docker ps` Status), derived from a State object of any era. */
export function containerState(state: unknown): string {
  const s = asObject(state);
  if (!s) return 'unknown';
  if (typeof s['Status'] === 'string' && s['Status'] !== '') return s['Status'];
  if (s['Running'] === true) {
    if (s['Paused'] === true) return 'paused';
    if (s['Restarting'] === true) return 'restarting';
    return 'running';
  }
  if (s['RemovalInProgress'] === true) return 'removing';
  if (s['Dead'] === true) return 'dead';
  return dockerTime(s['StartedAt']) === null ? 'created' : 'exited';
}

/** `NAME=value` entries; an entry without `=` keeps a null value. */
export function envRows(containerId: string, env: unknown): ContainerEnvRow[] {
  return asStringArray(env).map((entry, position) => {
    const eq = entry.indexOf('=');
    return eq < 0
      ? { container_id: containerId, position, name: entry, value: null }
      : { container_id: containerId, position, name: entry.slice(0, eq), value: entry.slice(eq + 1) };
  });
}

export function labelRows(containerId: string, labels: unknown): ContainerLabelRow[] {
  const object = asObject(labels);
  if (!object) return [];
  return Object.entries(object)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .map(([key, value]) => ({ container_id: containerId, key, value }));
}

/** `8000/tcp` → port 8000, tcp; a bare `8000` (pre-1.0 PortSpecs) is tcp. */
export function parsePortKey(key: string): { port: number; proto: string } | undefined {
  const match = /^(\d+)(?:\/(tcp|udp|sctp))?$/.exec(key.trim());
  if (!match) return undefined;
  return { port: Number(match[1]), proto: match[2] ?? 'tcp' };
}

/**
 * Exposed ports (`{"80/tcp": {}}`) and bindings (`{"80/tcp": [{"HostIp": "", "HostPort": "8080"}]}`,
 * from HostConfig.PortBindings or NetworkSettings.Ports): one row per binding, and one
 * host-less row per port that is exposed but not bound.
 */
export function portRows(containerId: string, exposed: unknown, ...bindingMaps: unknown[]): ContainerPortRow[] {
  const rows = new Map<string, ContainerPortRow>();
  const add = (row: ContainerPortRow) => rows.set(`${row.container_port}/${row.proto}/${row.host_ip}/${row.host_port}`, row);
  const bound = new Set<string>();
  for (const map of bindingMaps) {
    for (const [key, bindings] of Object.entries(asObject(map) ?? {})) {
      const port = parsePortKey(key);
      if (!port || !Array.isArray(bindings)) continue;
      for (const binding of bindings) {
        const b = asObject(binding);
        const hostPort = Number.parseInt(asString(b?.['HostPort']) ?? '', 10);
        if (!Number.isInteger(hostPort)) continue;
        bound.add(`${port.port}/${port.proto}`);
        add({ container_id: containerId, container_port: port.port, proto: port.proto, host_ip: asString(b?.['HostIp']) ?? '', host_port: hostPort });
      }
    }
  }
  const exposedKeys = Array.isArray(exposed) ? asStringArray(exposed) : Object.keys(asObject(exposed) ?? {});
  for (const key of exposedKeys) {
    const port = parsePortKey(key);
    if (!port || bound.has(`${port.port}/${port.proto}`)) continue;
    add({ container_id: containerId, container_port: port.port, proto: port.proto, host_ip: '', host_port: null });
  }
  return [...rows.values()].sort((a, b) => a.container_port - b.container_port || a.proto.localeCompare(b.proto) || (a.host_port ?? 0) - (b.host_port ?? 0));
}

/** The containers columns only a containerd container fills, empty for Docker's and Podman's. */
export const NO_CONTAINERD_COLUMNS = { namespace: null, runtime: null, snapshotter: null, pod_name: null, pod_namespace: null, cri_kind: null } as const;
