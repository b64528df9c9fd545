import type { RootReader } from './root-reader.js';

/**
 * Finds the directory holding a layer's files (never reading them): the first candidate that is a
 * directory, as a host path under the root. Each layer is looked up once, and a layer whose
 * directory is missing is reported once, however many containers share it.
 */
export type LayerLocator = (layerId: string, candidates: readonly string[]) => string | null;

export function createLayerLocator(reader: RootReader): LayerLocator {
  const found = new Map<string, string | null>();
  return (layerId, candidates) => {
    const key = candidates[0];
    if (key === undefined) return null;
    const cached = found.get(key);
    if (cached !== undefined) return cached;
    let path: string | null = null;
    for (const candidate of candidates) {
      if (reader.stat(candidate)?.isDirectory()) {
        path = reader.hostPath(candidate);
        break;
      }
    }
    if (path === null) reader.problem(`layer ${layerId}`, reader.hostPath(key), 'ENOENT', 'layer directory is missing from the storage driver');
    found.set(key, path);
    return path;
  };
}
