import type { TableInserts } from '../../types/snapshot.generated.js';
import type { StorageDriver } from './drivers/index.js';
import type { Graph } from './graph.js';
import type { LayerLocator } from './layer-locator.js';
import type { LayerDb } from './layer-db.js';
import type { RootReader } from './root-reader.js';

export type LayerInsert = TableInserts['container_layers'];

export interface LayerSources {
  readonly reader: RootReader;
  /** Undefined for a driver docksnap does not know: layers are listed without diff_path. */
  readonly driver: StorageDriver | undefined;
  readonly locate: LayerLocator;
}

export interface ContainerLayers {
  readonly mountId: string | null;
  readonly layers: LayerInsert[];
}

type Role = 'rw' | 'init' | 'image';

function layerRows(id: string, sources: LayerSources, layers: readonly { role: Role; layerId: string; chainId?: string; dirs?: string[] }[]): LayerInsert[] {
  return layers.map((layer, position) => {
    const dirs = layer.dirs ?? sources.driver?.layerDirectories(layer.layerId) ?? [];
    return { container_id: id, position, role: layer.role, layer_id: layer.layerId, chain_id: layer.chainId ?? null, diff_path: sources.locate(layer.layerId, dirs) };
  });
}

/** ≥1.10: the rw layer (mount-id), the init layer (init-id), then the image's chain from layerdb (parent). */
export function v2ContainerLayers(id: string, sources: LayerSources, layerDb: LayerDb): ContainerLayers {
  const subject = `container ${id}`;
  const mount = layerDb.containerMount(id);
  if (!mount.mountId) sources.reader.problem(subject, null, 'ENOENT', 'layerdb has no mount-id for this container: its read-write layer is unknown');
  const chain = mount.parent ? layerDb.chain(mount.parent, subject) : [];
  return {
    mountId: mount.mountId ?? null,
    layers: layerRows(id, sources, [
      ...(mount.mountId ? [{ role: 'rw' as const, layerId: mount.mountId }] : []),
      ...(mount.initId ? [{ role: 'init' as const, layerId: mount.initId }] : []),
      ...chain.map((layer) => ({ role: 'image' as const, layerId: layer.cacheId ?? layer.chainId, chainId: layer.chainId })),
    ]),
  };
}

/**
 * Before 1.10 the rw layer is named after the container, the init layer `<id>-init`, and image
 * layers after graph image ids. aufs lists the whole chain in aufs/layers/<id>; otherwise it is
 * the image's parent chain in graph/. In the 0.6 layout the rw layer is containers/<id>/rw and each
 * image layer graph/<id>/layer.
 */
export function graphContainerLayers(id: string, sources: LayerSources, graph: Graph, imageId: string | null, legacyRw: boolean): ContainerLayers {
  const subject = `container ${id}`;
  if (legacyRw) {
    const chain = imageId ? graph.chain(imageId, subject) : [];
    return {
      mountId: id,
      layers: layerRows(id, sources, [
        { role: 'rw', layerId: id, dirs: [`containers/${id}/rw`] },
        ...chain.map((layerId) => ({ role: 'image' as const, layerId, dirs: [`graph/${layerId}/layer`] })),
      ]),
    };
  }
  const listed = sources.driver?.parentsFile ? sources.reader.read(subject, sources.driver.parentsFile(id), 'text') : undefined;
  const parents = listed ? listed.bytes.toString('utf8').split('\n').map((line) => line.trim()).filter(Boolean) : graphParents(id, sources, graph, imageId);
  return {
    mountId: id,
    layers: layerRows(id, sources, [
      { role: 'rw', layerId: id },
      ...parents.map((layerId) => ({ role: layerId === `${id}-init` ? ('init' as const) : ('image' as const), layerId })),
    ]),
  };
}

/** `<id>-init` when the driver has that directory, then the image's chain in graph/. */
function graphParents(id: string, sources: LayerSources, graph: Graph, imageId: string | null): string[] {
  const initDir = sources.driver?.layerDirectories(`${id}-init`)[0];
  const init = initDir !== undefined && sources.reader.stat(initDir) !== undefined ? [`${id}-init`] : [];
  return [...init, ...(imageId ? graph.chain(imageId, `container ${id}`) : [])];
}
