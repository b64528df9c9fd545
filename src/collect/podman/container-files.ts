import { posix } from 'node:path';
import type { InsertRows, TableInserts } from '../../types/snapshot.generated.js';
import { asObject, type JsonObject } from '../container-rows.js';
import { parseHostname, parseHosts, parseResolvConf } from '../docker-root/etc-files.js';
import { readLogTail } from '../docker-root/log-tail.js';
import type { RootReader } from '../docker-root/root-reader.js';
import { fileRow, jsonFileRow, type FileInsert } from '../file-row.js';
import { layerChain, type Storage } from './storage.js';

const PID_FILE = (text: string) => ({ pid: Number(text.trim()) });

/** The files libpod keeps for a container in userdata/: under the graph root, or (the runtime ones) under the runroot. */
const USERDATA_FILES = [
  { role: 'hostname', parse: parseHostname },
  { role: 'hosts', parse: parseHosts },
  { role: 'resolv.conf', parse: parseResolvConf },
  { role: 'conmon.pid', parse: PID_FILE },
  { role: 'pidfile', parse: PID_FILE },
] as const;

export interface PodmanContainerFiles {
  readonly files: FileInsert[];
  readonly ociSpec: JsonObject | undefined;
  readonly log: TableInserts['container_logs'] | undefined;
}

/**
 * Reads userdata/config.json (the OCI spec), hostname, hosts, resolv.conf, conmon.pid and pidfile
 * (graph root first, then runroot), and the tail of the k8s-file log. A log sent to journald is
 * noted as such: it is not in the storage root.
 */
export function readPodmanContainerFiles(
  root: RootReader,
  run: RootReader | undefined,
  driver: string,
  id: string,
  log: { path: string | null; driver: string | null; tailBytes: number },
): PodmanContainerFiles {
  const dir = `${driver}-containers/${id}/userdata`;
  const subject = `container ${id}`;
  const files: FileInsert[] = [];
  let ociSpec: JsonObject | undefined;
  const spec = root.stat(`${dir}/config.json`) ? root.readJson(subject, `${dir}/config.json`) : undefined;
  if (spec) {
    ociSpec = asObject(spec.value);
    files.push(jsonFileRow(id, 'oci-config.json', spec.read, spec.value));
  }
  for (const { role, parse } of USERDATA_FILES) {
    const reader = root.stat(`${dir}/${role}`) ? root : run?.stat(`${dir}/${role}`) ? run : undefined;
    const read = reader?.read(subject, `${dir}/${role}`);
    if (read) files.push(fileRow(id, role, read, (bytes) => parse(bytes.toString('utf8'))));
  }
  if (log.driver === 'journald') {
    root.problem(subject, null, 'log-journald', 'the container log went to journald, not to a file in the storage root');
    return { files, ociSpec, log: undefined };
  }
  const logPath = inRoot(root.root, log.path) ?? `${dir}/ctr.log`;
  return { files, ociSpec, log: root.stat(logPath) ? readLogTail(root, id, logPath, log.tailBytes) : undefined };
}

/** The container's layer chain: its read-write layer, then the image's layers down to the base. */
export function podmanContainerLayers(storage: Storage, root: string, id: string, rwLayer: string | null): InsertRows<'container_layers'> {
  return layerChain(storage.layers, rwLayer).map((layerId, position) => ({
    container_id: id,
    position,
    role: position === 0 ? 'rw' : 'image',
    layer_id: layerId,
    chain_id: null,
    diff_path: storage.driver ? posix.join(root, storage.driver, layerId, 'diff') : null,
  }));
}

/** A recorded absolute path as a path relative to `root`, when it lies under it. */
function inRoot(root: string, recorded: string | null): string | undefined {
  if (!recorded || !recorded.startsWith(`${root}/`)) return undefined;
  return recorded.slice(root.length + 1);
}
