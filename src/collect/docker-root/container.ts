import type { TableInserts } from '../../types/snapshot.generated.js';
import { asObject, asString } from '../container-rows.js';
import type { FileInsert } from '../file-row.js';
import { v1ChildRows, type ContainerChildRows } from './config-v1.js';
import { v2ChildRows } from './config-v2.js';
import { CONFIG_FILE, readConfigFiles, readEtcFiles, type ConfigFiles } from './container-files.js';
import type { ContainerdStore } from './containerd-store.js';
import { graphContainerLayers, v2ContainerLayers, type ContainerLayers, type LayerSources } from './container-layers.js';
import { containerRow, type ContainerInsert } from './container-record.js';
import { containerFormat, type ConfigFormat } from './detect-era.js';
import { storageDriver } from './drivers/index.js';
import type { Graph } from './graph.js';
import type { LayerDb } from './layer-db.js';
import type { LayerLocator } from './layer-locator.js';
import { lxcValue } from './lxc.js';
import { readLogTail } from './log-tail.js';
import { recordedRoot, underRecordedRoot } from './reroot.js';
import type { RootReader } from './root-reader.js';

/** What a container directory's listing and config files say, read before the root-wide facts are known. */
export interface ContainerSource {
  readonly id: string;
  readonly names: ReadonlySet<string>;
  readonly format: ConfigFormat | undefined;
  /** The 0.6 layout: the aufs rw branch is containers/<id>/rw. */
  readonly legacyRw: boolean;
  readonly configFiles: ConfigFiles;
}

export function readContainerSource(reader: RootReader, id: string): ContainerSource {
  const entries = reader.list(`container ${id}`, `containers/${id}`);
  const names = new Set(entries.map((entry) => entry.name));
  const format = containerFormat(names);
  if (!format) reader.problem(`container ${id}`, reader.hostPath(`containers/${id}`), 'ENOENT', 'container directory has no config.v2.json or config.json');
  const legacyRw = entries.some((entry) => entry.name === 'rw' && entry.isDirectory());
  return { id, names, format, legacyRw, configFiles: readConfigFiles(reader, id, names, format) };
}

/** Root-wide facts every container's rows depend on. */
export interface RootContext {
  readonly reader: RootReader;
  readonly era: ConfigFormat;
  readonly storageDriver: string | null;
  readonly logTailBytes: number;
  readonly imageNames: ReadonlyMap<string, string>;
  readonly locate: LayerLocator;
  layerDb(driver: string): LayerDb;
  graph(): Graph;
  /** Whether `driver` is a snapshotter of Docker's containerd image store here; the store, when its root could be read. */
  containerdStore(driver: string): { readonly store: ContainerdStore | undefined } | undefined;
}

export interface ContainerCapture extends ContainerChildRows {
  readonly row: ContainerInsert;
  readonly layers: TableInserts['container_layers'][];
  readonly log: TableInserts['container_logs'] | undefined;
  readonly files: FileInsert[];
}

export function readContainer(context: RootContext, source: ContainerSource): ContainerCapture {
  const { reader } = context;
  const { id, names } = source;
  const { config, hostConfig, lxc } = source.configFiles;
  const format = source.format ?? context.era;
  if (config && asString(config['ID']) && config['ID'] !== id) {
    reader.problem(`container ${id}`, reader.hostPath(`containers/${id}/${CONFIG_FILE[format]}`), 'id-mismatch', `config records ID ${String(config['ID'])}, not the directory's id`);
  }
  const oldRoot = recordedRoot(id, [config?.['LogPath'], config?.['HostnamePath'], config?.['HostsPath'], config?.['ResolvConfPath'], lxc && lxcValue(lxc, 'lxc.rootfs')]);
  const driverName = asString(config?.['Driver']) || (source.legacyRw ? 'aufs' : context.storageDriver);
  const layers = containerLayers(context, source, driverName, asString(config?.['Image']) || null);
  const logName = `containers/${id}/${id}-json.log`;
  const logRelative = underRecordedRoot(config?.['LogPath'], oldRoot) ?? (names.has(`${id}-json.log`) ? logName : undefined);
  const row = containerRow(id, config, hostConfig, {
    configFormat: format,
    mountId: layers.mountId,
    logPath: recordedLogPath(config, oldRoot ?? reader.root, logName),
    storageDriver: driverName,
  });
  return {
    row: { ...row, image_name: row.image_name ?? (row.image_id ? context.imageNames.get(row.image_id) ?? null : null) },
    ...(format === 'v2' ? v2ChildRows(id, config, hostConfig) : v1ChildRows(id, config, hostConfig)),
    layers: layers.layers,
    log: logRelative ? readLogTail(reader, id, logRelative, context.logTailBytes) : undefined,
    files: [...source.configFiles.files, ...readEtcFiles(reader, id, names, config, oldRoot)],
  };
}

function containerLayers(context: RootContext, source: ContainerSource, driverName: string | null, imageId: string | null): ContainerLayers {
  const { reader } = context;
  const subject = `container ${source.id}`;
  const driver = storageDriver(driverName);
  if (driverName && !driver && !source.legacyRw && !context.containerdStore(driverName)) {
    reader.problem(subject, reader.hostPath(`containers/${source.id}`), 'unknown-driver', `storage driver ${driverName} is not one docksnap reads: layer directories not resolved`);
  }
  const format = source.format ?? context.era;
  const containerd = driverName && format === 'v2' ? context.containerdStore(driverName) : undefined;
  if (containerd) {
    const layers = containerd.store?.layers(source.id, driverName!) ?? [];
    return { mountId: layers[0]?.role === 'rw' ? layers[0].layer_id : null, layers };
  }
  const sources: LayerSources = { reader, driver, locate: context.locate };
  if (format !== 'v2') return graphContainerLayers(source.id, sources, context.graph(), imageId, source.legacyRw);
  if (driverName) return v2ContainerLayers(source.id, sources, context.layerDb(driverName));
  reader.problem(subject, null, 'no-driver', 'no storage driver recorded or detected: layers not resolved');
  return { mountId: null, layers: [] };
}

/** LogPath as recorded; before 1.6 (no LogPath field) the path Docker used, under the recorded root. */
function recordedLogPath(config: ReturnType<typeof asObject>, root: string, logName: string): string | null {
  if (config && Object.hasOwn(config, 'LogPath')) return asString(config['LogPath']) || null;
  return `${root === '/' ? '' : root}/${logName}`;
}
