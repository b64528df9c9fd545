import type { ContainerRecord } from '../../read/container-records.js';
import { parseJsonOrNull } from '../../read/group.js';
import { fileRecordTexts, type FileRecord } from '../../read/file-records.js';
import type { PortView } from '../../read/ports.js';
import type { ProcessRecord } from '../../read/process-records.js';
import type { Entity } from '../entity.js';
import { containerLabel, containerMatchKey, engineKind, execKey, portKey } from '../keys.js';
import { keyed, object, setOf, toTree, type Tree, type TreeObject } from '../tree.js';
import type { DiffMode } from '../types.js';
import { documentTree } from './document.js';
import { socketsTree } from './sockets.js';

/** Members of Config and HostConfig that the container's own rows already hold, keyed. */
const HELD_ELSEWHERE = new Set([
  ...['Env', 'Labels', 'ExposedPorts', 'Image', 'Hostname', 'Cmd', 'Entrypoint'].map((k) => `/Config/${k}`),
  ...['PortBindings', 'Binds', 'Mounts', 'NetworkMode', 'RestartPolicy/Name', 'LogConfig/Type'].map((k) => `/HostConfig/${k}`),
]);

/**
 * A container as a tree: its row, its state apart, the exec sessions running in it, env and labels by name, ports,
 * mounts by destination, its layer chain, its cgroup limits by file, log, listening sockets, and the Config and HostConfig
 * documents (from its files, else from the API's inspect body) less what the rows hold.
 */
export function containerEntity(record: ContainerRecord, files: readonly FileRecord[], ports: readonly PortView[], execs: readonly ProcessRecord[], mode: DiffMode): Entity {
  const c = record.container;
  const parsed = (role: string) => asObject(files.find((f) => f.role === role)?.parsed);
  let inspect: Record<string, unknown> | undefined;
  const fromApi = (member: string) => asObject((inspect ??= asObject(parseJsonOrNull(record.inspect_json)) ?? {})[member]);
  const state = object([['state', c.state], ['running', c.running], ['pid', c.pid], ['exit_code', c.exit_code], ['oom_killed', c.oom_killed ?? null], ['started_at', c.started_at], ['finished_at', c.finished_at], ['restart_count', c.restart_count]]);
  const engine = engineKind(c.engine_id);
  const build = (): TreeObject => {
    const config = asObject((parsed('config.v2.json') ?? parsed('config.json'))?.['Config']) ?? fromApi('Config');
    const hostConfig = parsed('hostconfig.json') ?? fromApi('HostConfig');
    const entries: [string, Tree][] = [
      ['id', c.id],
      ['name', c.name],
      ['engine', engine],
      ['image_id', c.image_id],
      ['image_name', c.image_name],
      ['created_at', c.created_at],
      ['path', c.path],
      ['args', c.args],
      ['hostname', c.hostname],
      ['restart_policy', c.restart_policy],
      ['network_mode', c.network_mode],
      ['storage_driver', c.storage_driver],
      ['mount_id', c.mount_id],
      ['log_path', c.log_path],
      ['log_driver', c.log_driver],
      ['state', state],
      ['execs', keyed(execs, (p) => execKey(p, mode), (p) => object([['argv', p.argv], ...(mode === 'same-host' ? [['pid', p.pid] as const] : [])]))],
      ['env', keyed(record.env, (e) => e.name, (e) => e.value)],
      ['labels', keyed(record.labels, (l) => l.key, (l) => l.value)],
      ['ports', setOf(record.ports.map(portKey))],
      ['mounts', keyed(record.mounts, (m) => m.destination, ({ destination: _d, ...rest }) => toTree(rest))],
      ['layers', record.layers.map(({ position: _p, ...rest }) => toTree(rest))],
      ['cgroup_limits', keyed(record.cgroup_limits, (l) => l.file, (l) => l.value)],
      ['log', record.log && toTree(record.log)],
      ['sockets', socketsTree(ports)],
    ];
    if (config) entries.push(['Config', documentTree(config, '/Config', HELD_ELSEWHERE)]);
    if (hostConfig) entries.push(['HostConfig', documentTree(hostConfig, '/HostConfig', HELD_ELSEWHERE)]);
    return object(entries);
  };
  let tree: TreeObject | undefined;
  // Only an added or removed container is reported with its summary.
  let summary: TreeObject | undefined;
  return {
    kind: 'container',
    match: containerMatchKey(c, mode),
    key: containerLabel(c),
    nativeId: c.id,
    owner: c.id,
    role: null,
    source: c.source,
    // Built on first use: a container equal to its counterpart never needs its documents parsed.
    get tree() {
      return (tree ??= build());
    },
    head: object([['engine', engine], ['id', c.id], ['name', c.name], ['state', state]]),
    fingerprint: mode === 'same-host' ? containerTexts(record, files, ports, execs) : undefined,
    get summary() {
      return (summary ??= object([['id', c.id], ['name', c.name], ['image', c.image_name], ['state', c.state]]));
    },
  };
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Everything the container's tree is built from, as texts (see Entity.fingerprint); the inspect body and files as read, not escaped into JSON. */
function containerTexts(record: ContainerRecord, files: readonly FileRecord[], ports: readonly PortView[], execs: readonly ProcessRecord[]): (string | null)[] {
  const sessions = execs.map((p) => [p.pid, p.start_time, p.argv]);
  return [JSON.stringify([{ ...record, inspect_json: null }, ports, sessions]), record.inspect_json, ...files.flatMap((f) => fileRecordTexts(f))];
}
