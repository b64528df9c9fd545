import { resolve } from 'node:path';
import { asString } from '../container-rows.js';
import { readContainer, readContainerSource, type ContainerCapture, type ContainerSource, type RootContext } from './container.js';
import { assertDockerRoot, rootEra, rootStorageDriver } from './detect-era.js';
import { readGraph, type Graph } from './graph.js';
import { readImageDb } from './image-db.js';
import { openLayerDb, type LayerDb } from './layer-db.js';
import { createLayerLocator } from './layer-locator.js';
import { imageNames, readRepositories, type ImageTagInsert } from './repositories.js';
import { recordedRoot } from './reroot.js';
import { createRootReader, type RootReader } from './root-reader.js';
import type { DockerRootCapture, DockerRootOptions } from './types.js';
import { readVolumes } from './volumes.js';
import { CONTAINERD_SNAPSHOTTERS, readContainerdStore, type ContainerdStore } from './containerd-store.js';
import { runSteps, type Steps } from '../../util/steps.js';

export type { DockerRootCapture, DockerRootOptions, DockerRootEra } from './types.js';

/**
 * Reads a Docker data root of any era (0.x LXC, 1.x graph, ≥1.10 image/layer db) into snapshot
 * rows, read-only: a live engine's root or a dead host's disk. Whatever cannot be read (bad JSON,
 * a missing config, an unknown driver, a broken layer chain, a dangling link) becomes a
 * capture_error row and the rest is still captured.
 * @throws InputError when `root` is not a Docker root at all (missing, not a directory, no containers/, image/ or graph/).
 */
export function readDockerRoot(root: string, options: DockerRootOptions): DockerRootCapture {
  return runSteps(readDockerRootSteps(root, options));
}

/** readDockerRoot in steps of one container (see util/steps.ts). @throws InputError like readDockerRoot, on the first step */
export function* readDockerRootSteps(root: string, options: DockerRootOptions): Steps<DockerRootCapture> {
  const absolute = resolve(root);
  assertDockerRoot(absolute);
  const reader = createRootReader(absolute);
  const sources: ContainerSource[] = [];
  const { sink } = options;
  for (const id of containerIds(reader)) {
    const source = readContainerSource(reader, id);
    // With a sink, the config files' rows are written at once: 10,000 containers' files are not held until their second pass.
    if (sink) sink.add('files', source.configFiles.files);
    sources.push(sink ? { ...source, configFiles: { ...source.configFiles, files: [] } } : source);
    yield;
  }
  const era = rootEra(reader, sources.map((source) => source.format));
  const storageDriver = rootStorageDriver(reader, sources.map((source) => (source.legacyRw ? 'aufs' : asString(source.configFiles.config?.['Driver']))));
  const baseContext = rootContext(reader, era === null ? 'v2' : era, storageDriver, options);
  const containerdStore = containerdStoreOf(reader, options);
  const context = { ...baseContext, containerdStore };
  const images = storageDriver && containerdStore(storageDriver) ? storeImages(reader, storageDriver, containerdStore(storageDriver)!.store) : readImages(context, era, storageDriver);
  const withNames: RootContext = { ...context, imageNames: imageNames(images.image_tags) };
  const containers: ContainerCapture[] = [];
  let oldRoot: string | undefined;
  // Taken from the end of a reversed list, so each container's config is released once its rows are made.
  const pending = sources.reverse();
  for (let source = pending.pop(); source !== undefined; source = pending.pop()) {
    const container = readContainer(withNames, source);
    if (sink) {
      sink.add('files', container.files);
      sink.add('container_logs', container.log ? [container.log] : []);
    }
    containers.push(sink ? { ...container, files: [], log: undefined } : container);
    // The root's own path (for the volumes) is the first one a container's config records.
    oldRoot ||= recordedRoot(source.id, [source.configFiles.config?.['LogPath'], source.configFiles.config?.['HostnamePath']]);
    yield;
  }
  return {
    era,
    storage_driver: storageDriver,
    containerd_store_root: (storageDriver && containerdStore(storageDriver)?.store?.root) || null,
    ...containerTables(containers),
    ...images,
    volumes: readVolumes(reader, oldRoot),
    errors: reader.errors,
  };
}

/** Directory names under containers/, in name order. */
function containerIds(reader: RootReader): string[] {
  return reader
    .list('docker root', 'containers')
    .filter((entry) => entry.isDirectory() || entry.isSymbolicLink())
    .map((entry) => entry.name);
}

/**
 * Whether a driver is a snapshotter of Docker's containerd image store (a containerd snapshotter
 * name with no image/<driver>/ of Docker's own), with the store read once: the containerd root
 * given, else the one a dockerd runs for itself (<root>/containerd/daemon) when it holds a meta.db.
 */
function containerdStoreOf(reader: RootReader, options: DockerRootOptions): RootContext['containerdStore'] {
  let store: ContainerdStore | undefined | null = null;
  return (driver) => {
    if (!CONTAINERD_SNAPSHOTTERS.has(driver) || reader.stat(`image/${driver}`)) return undefined;
    if (store === null) {
      const managed = reader.stat('containerd/daemon/io.containerd.metadata.v1.bolt/meta.db') ? reader.hostPath('containerd/daemon') : undefined;
      const root = options.containerdRoot ?? managed;
      store = root ? readContainerdStore(root, reader) : undefined;
    }
    return { store };
  };
}

/** The images of Docker's containerd store: containerd's moby namespace; without its root, none, and one error saying where they are. */
function storeImages(reader: RootReader, driver: string, store: ContainerdStore | undefined): ImageTables {
  if (store) return { images: store.images.images.map((i) => ({ ...i, source: 'docker-root' })), image_tags: store.images.image_tags, image_layers: store.images.image_layers };
  reader.problem('docker root', null, 'containerd-store', `containers use Docker's containerd image store (driver ${driver}): images and layers are in containerd's moby namespace; give --containerd-root to read them`);
  return { images: [], image_tags: [], image_layers: [] };
}

function rootContext(reader: RootReader, era: RootContext['era'], storageDriver: string | null, options: DockerRootOptions): Omit<RootContext, 'containerdStore'> {
  const layerDbs = new Map<string, LayerDb>();
  let graph: Graph | undefined;
  return {
    reader,
    era,
    storageDriver,
    logTailBytes: options.logTailBytes,
    imageNames: new Map(),
    locate: createLayerLocator(reader),
    layerDb(driver) {
      let db = layerDbs.get(driver);
      if (!db) layerDbs.set(driver, (db = openLayerDb(reader, driver)));
      return db;
    },
    graph: () => (graph ??= readGraph(reader)),
  };
}

type ImageTables = Pick<DockerRootCapture, 'images' | 'image_tags' | 'image_layers'>;

/** ≥1.10: image/<driver>/{imagedb,repositories.json}; before: graph/ with repositories-<driver> or (0.6) repositories. */
function readImages(context: RootContext, era: DockerRootCapture['era'], driver: string | null): ImageTables {
  const { reader } = context;
  if (era === 'v2' || era === null) {
    if (!driver) return { images: [], image_tags: [], image_layers: [] };
    const store = readImageDb(reader, driver, context.layerDb(driver));
    return { images: store.images, image_tags: dedupeTags(readRepositories(reader, `image/${driver}/repositories.json`, true)), image_layers: store.imageLayers };
  }
  const graph = context.graph();
  const named = driver && reader.stat(`repositories-${driver}`) ? `repositories-${driver}` : 'repositories';
  return {
    images: [...graph.images.values()].map((image) => image.row),
    image_tags: dedupeTags(readRepositories(reader, named, false)),
    image_layers: [...graph.images.keys()].flatMap((id) =>
      graph.chain(id, `image ${id}`).map((layerId, position) => ({ image_id: id, position, layer_id: layerId, diff_id: null, chain_id: null })),
    ),
  };
}

function dedupeTags(tags: ImageTagInsert[]): ImageTagInsert[] {
  const seen = new Map(tags.map((tag) => [`${tag.image_id}\n${tag.tag}`, tag]));
  return [...seen.values()];
}

function containerTables(containers: readonly ContainerCapture[]): Omit<DockerRootCapture, 'era' | 'storage_driver' | 'containerd_store_root' | 'images' | 'image_tags' | 'image_layers' | 'volumes' | 'errors'> {
  return {
    containers: containers.map((c) => c.row),
    container_env: containers.flatMap((c) => c.env),
    container_labels: containers.flatMap((c) => c.labels),
    container_ports: containers.flatMap((c) => c.ports),
    container_mounts: containers.flatMap((c) => c.mounts),
    container_layers: containers.flatMap((c) => c.layers),
    container_logs: containers.flatMap((c) => (c.log ? [c.log] : [])),
    files: containers.flatMap((c) => c.files),
  };
}
