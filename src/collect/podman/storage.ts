import type { InsertRows } from '../../types/snapshot.generated.js';
import { asObject, asString, asStringArray, dockerTime, type JsonObject } from '../container-rows.js';
import type { RootReader } from '../docker-root/root-reader.js';

/** A container of containers/storage's containers.json. */
export interface StoredContainer {
  readonly id: string;
  readonly name: string | null;
  readonly imageId: string | null;
  readonly imageName: string | null;
  /** Its read-write layer (layers.json id). */
  readonly layer: string | null;
  readonly created: string | null;
}

interface StoredLayer {
  readonly parent: string | null;
  readonly diffDigest: string | null;
}

/** What containers/storage records under a graph root for one driver: containers, images, layers. */
export interface Storage {
  readonly driver: string | null;
  readonly containers: StoredContainer[];
  readonly layers: Map<string, StoredLayer>;
  readonly images: InsertRows<'images'>;
  readonly image_tags: InsertRows<'image_tags'>;
  readonly image_layers: InsertRows<'image_layers'>;
}

/** Podman's image ids are bare hex on disk; its Docker-compatible API, like Docker, says sha256:<hex>. */
export function podmanImageId(hex: string | null): string | null {
  return hex ? (hex.startsWith('sha256:') ? hex : `sha256:${hex}`) : null;
}

/**
 * Reads <driver>-containers/containers.json, <driver>-images/images.json and
 * <driver>-layers/layers.json (the driver is the prefix of the directory that holds
 * containers.json: overlay, vfs, btrfs…). A missing or bad file leaves a capture error.
 */
export function readStorage(reader: RootReader): Storage {
  const driver = storageDriverOf(reader);
  if (!driver) return { driver: null, containers: [], layers: new Map(), images: [], image_tags: [], image_layers: [] };
  const list = (path: string): JsonObject[] => {
    const json = reader.readJson('podman storage', path);
    return Array.isArray(json?.value) ? json.value.map(asObject).filter((o): o is JsonObject => o !== undefined) : [];
  };
  const layers = new Map<string, StoredLayer>();
  for (const layer of list(`${driver}-layers/layers.json`)) {
    const id = asString(layer['id']);
    if (id) layers.set(id, { parent: asString(layer['parent']), diffDigest: asString(layer['diff-digest']) });
  }
  const images: InsertRows<'images'> = [];
  const imageTags: InsertRows<'image_tags'> = [];
  const imageLayers: InsertRows<'image_layers'> = [];
  for (const image of list(`${driver}-images/images.json`)) {
    const id = podmanImageId(asString(image['id']));
    if (!id) continue;
    images.push({ id, created_at: dockerTime(image['created']), parent_id: null, size: null, os: null, architecture: null, source: 'podman-root' });
    for (const tag of asStringArray(image['names'])) imageTags.push({ image_id: id, tag });
    layerChain(layers, asString(image['layer'])).forEach((layerId, position) =>
      imageLayers.push({ image_id: id, position, layer_id: layerId, diff_id: layers.get(layerId)?.diffDigest ?? null, chain_id: null }),
    );
  }
  const containers = list(`${driver}-containers/containers.json`).flatMap((c): StoredContainer[] => {
    const id = asString(c['id']);
    if (!id) return [];
    const metadata = parseMetadata(c['metadata']);
    return [{
      id,
      name: asStringArray(c['names'])[0] ?? asString(metadata?.['name']),
      imageId: asString(c['image']),
      imageName: asString(metadata?.['image-name']),
      layer: asString(c['layer']),
      created: dockerTime(c['created']),
    }];
  });
  return { driver, containers, layers, images, image_tags: imageTags, image_layers: imageLayers };
}

/** Layer ids from `top` down to the base, following parents; stops at a missing or repeated layer. */
export function layerChain(layers: ReadonlyMap<string, StoredLayer>, top: string | null): string[] {
  const chain: string[] = [];
  for (let id = top; id && !chain.includes(id) && chain.length < 256; id = layers.get(id)?.parent ?? null) chain.push(id);
  return chain;
}

function storageDriverOf(reader: RootReader): string | null {
  const dir = reader.list('podman storage', '.').find((entry) => entry.name.endsWith('-containers') && reader.stat(`${entry.name}/containers.json`));
  return dir ? dir.name.slice(0, -'-containers'.length) : null;
}

function parseMetadata(value: unknown): JsonObject | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return asObject(JSON.parse(value));
  } catch {
    return undefined;
  }
}
