import { asObject, type Json, type JsonObject } from '../container-rows.js';

/**
 * The bindings to report per port: what NetworkSettings.Ports shows was bound (0.0.0.0 and ::
 * on a running container) where it has any, else what HostConfig.PortBindings asked for ("" for
 * all addresses) — the same binding must not appear twice under two spellings of "everywhere".
 */
export function effectiveBindings(asked: unknown, bound: unknown): JsonObject {
  const boundMap = asObject(bound) ?? {};
  const entries: [string, Json][] = Object.entries(boundMap).filter(([, value]) => Array.isArray(value) && value.length > 0);
  const boundKeys = new Set(entries.map(([key]) => key));
  for (const [key, value] of Object.entries(asObject(asked) ?? {})) if (!boundKeys.has(key)) entries.push([key, value]);
  return Object.fromEntries(entries) as JsonObject;
}

/** `{"Tcp":{"80":"49153"},"Udp":{}}` (0.x PortMapping) → `{"80/tcp":[{"HostIp":"","HostPort":"49153"}]}`, the shape of later bindings. */
export function portMappingBindings(portMapping: unknown): JsonObject {
  const entries: [string, JsonObject[]][] = [];
  for (const [protoKey, ports] of Object.entries(asObject(portMapping) ?? {})) {
    const proto = protoKey.toLowerCase();
    for (const [containerPort, hostPort] of Object.entries(asObject(ports) ?? {})) {
      if (typeof hostPort === 'string') entries.push([`${containerPort}/${proto}`, [{ HostIp: '', HostPort: hostPort }]]);
    }
  }
  return Object.fromEntries(entries) as JsonObject;
}
