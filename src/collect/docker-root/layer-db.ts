import type { RootReader } from './root-reader.js';

/** One layer of layerdb (≥1.10): its chain id and the storage driver directory (cache-id) holding it. */
export interface StoredLayer {
  readonly chainId: string;
  readonly cacheId: string | undefined;
}

export interface ContainerMount {
  readonly mountId: string | undefined;
  readonly initId: string | undefined;
  /** Chain id of the image's top layer (sha256:…); undefined for a container of an empty image. */
  readonly parent: string | undefined;
}

export interface LayerDb {
  /** layerdb/mounts/<id>/{mount-id,init-id,parent}. */
  containerMount(containerId: string): ContainerMount;
  /** The layers from `topChainId` down to the base; a missing layer ends the chain with an error row. */
  chain(topChainId: string, subject: string): StoredLayer[];
  /** The driver directory of one layer; undefined (with an error row) when layerdb lacks it. */
  cacheId(chainId: string, subject: string): string | undefined;
}

interface LayerRecord {
  readonly cacheId: string | undefined;
  readonly parent: string | undefined;
  readonly present: boolean;
}

/** Reads `image/<driver>/layerdb`, each layer's files once however many containers and images share it. */
export function openLayerDb(reader: RootReader, driver: string): LayerDb {
  const base = `image/${driver}/layerdb`;
  const layers = new Map<string, LayerRecord>();

  const layer = (chainId: string): LayerRecord => {
    let record = layers.get(chainId);
    if (!record) {
      const dir = `${base}/${digestPath(chainId)}`;
      const cacheId = reader.readLine(`layer ${chainId}`, `${dir}/cache-id`);
      const present = cacheId !== undefined || reader.stat(dir)?.isDirectory() === true;
      if (present && cacheId === undefined) reader.problem(`layer ${chainId}`, reader.hostPath(`${dir}/cache-id`), 'ENOENT', 'layer has no cache-id: its driver directory is unknown');
      record = { cacheId, parent: present ? reader.readLine(`layer ${chainId}`, `${dir}/parent`) || undefined : undefined, present };
      layers.set(chainId, record);
    }
    return record;
  };

  return {
    containerMount(containerId) {
      const dir = `${base}/mounts/${containerId}`;
      const subject = `container ${containerId}`;
      return {
        mountId: reader.readLine(subject, `${dir}/mount-id`) || undefined,
        initId: reader.readLine(subject, `${dir}/init-id`) || undefined,
        parent: reader.readLine(subject, `${dir}/parent`) || undefined,
      };
    },
    cacheId(chainId, subject) {
      const record = layer(chainId);
      if (!record.present) reader.problem(subject, reader.hostPath(`${base}/${digestPath(chainId)}`), 'missing-layer', `layer ${chainId} is missing from layerdb`);
      return record.cacheId;
    },
    chain(topChainId, subject) {
      const chain: StoredLayer[] = [];
      const seen = new Set<string>();
      let previous: string | undefined;
      for (let chainId: string | undefined = topChainId; chainId !== undefined; chainId = layer(chainId).parent) {
        if (seen.has(chainId)) {
          reader.problem(subject, reader.hostPath(`${base}/${digestPath(chainId)}`), 'layer-loop', `layer chain loops back to ${chainId}`);
          break;
        }
        seen.add(chainId);
        const record = layer(chainId);
        if (!record.present) {
          const what = previous ? `parent of ${previous}` : 'top layer';
          reader.problem(subject, reader.hostPath(`${base}/${digestPath(chainId)}`), 'missing-layer', `layer chain broken: ${chainId} (${what}) is missing from layerdb`);
          break;
        }
        chain.push({ chainId, cacheId: record.cacheId });
        previous = chainId;
      }
      return chain;
    },
  };
}

/** `sha256:abc…` → `sha256/abc…`, the way Docker's content-addressed stores lay out a digest. */
export function digestPath(digest: string): string {
  const colon = digest.indexOf(':');
  return colon < 0 ? `sha256/${digest}` : `${digest.slice(0, colon)}/${digest.slice(colon + 1)}`;
}
