import type { StorageDriver } from './index.js';

/**
 * aufs (0.7–18.x): a layer's files in aufs/diff/<id>, its ancestors listed nearest first in
 * aufs/layers/<id>, the union mounted at aufs/mnt/<id>.
 */
export const aufs: StorageDriver = {
  layerDirectories: (id) => [`aufs/diff/${id}`],
  parentsFile: (id) => `aufs/layers/${id}`,
};
