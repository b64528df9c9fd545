import type { StorageDriver } from './index.js';

/** overlay (v1): the base layer is a full tree in overlay/<id>/root; every other layer's changes are in upper/, over its lower-id. */
export const overlay: StorageDriver = {
  layerDirectories: (id) => [`overlay/${id}/upper`, `overlay/${id}/root`],
};
