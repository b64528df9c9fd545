import type { TableInserts } from '../../types/snapshot.generated.js';
import { asObject, asString, asStringArray, dockerTime } from '../container-rows.js';
import { sha256Hex } from '../../util/hash.js';
import type { LayerDb } from './layer-db.js';
import type { RootReader } from './root-reader.js';

export interface ImageStore {
  readonly images: TableInserts['images'][];
  readonly imageLayers: TableInserts['image_layers'][];
}

/**
 * The image store since 1.10: image/<driver>/imagedb/content/sha256/<id> is each image's config
 * (its id is that file's SHA-256), imagedb/metadata/sha256/<id>/parent its parent. Layers come
 * from rootfs.diff_ids: chainID₀ = diffID₀, chainIDₙ = sha256("<chainIDₙ₋₁> <diffIDₙ>"), and
 * layerdb maps each chain id to its driver directory (cache-id).
 */
export function readImageDb(reader: RootReader, driver: string, layerDb: LayerDb): ImageStore {
  const base = `image/${driver}/imagedb`;
  const images: TableInserts['images'][] = [];
  const imageLayers: TableInserts['image_layers'][] = [];
  for (const entry of reader.list('images', `${base}/content/sha256`)) {
    if (!/^[0-9a-f]{64}$/.test(entry.name)) continue;
    const id = `sha256:${entry.name}`;
    const json = reader.readJson(`image ${id}`, `${base}/content/sha256/${entry.name}`);
    if (!json) continue;
    const config = asObject(json.value);
    images.push({
      id,
      created_at: dockerTime(config?.['created']),
      parent_id: reader.readLine(`image ${id}`, `${base}/metadata/sha256/${entry.name}/parent`) || null,
      size: null,
      os: asString(config?.['os']),
      architecture: asString(config?.['architecture']),
      source: 'docker-root',
    });
    const diffIds = asStringArray(asObject(config?.['rootfs'])?.['diff_ids']);
    const chainIds = chainIdsOf(diffIds);
    const count = diffIds.length;
    for (let index = count - 1; index >= 0; index--) {
      const chainId = chainIds[index] as string;
      const cacheId = layerDb.cacheId(chainId, `image ${id}`);
      imageLayers.push({ image_id: id, position: count - 1 - index, layer_id: cacheId ?? chainId, diff_id: diffIds[index] ?? null, chain_id: chainId });
    }
  }
  return { images, imageLayers };
}

/** Chain ids of a diff id list, base first. */
export function chainIdsOf(diffIds: readonly string[]): string[] {
  const chainIds: string[] = [];
  for (const diffId of diffIds) {
    const parent = chainIds[chainIds.length - 1];
    chainIds.push(parent === undefined ? diffId : `sha256:${sha256Hex(`${parent} ${diffId}`)}`);
  }
  return chainIds;
}
