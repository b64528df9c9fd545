import type { StorageDriver } from './index.js';

/** overlay2: a layer's changes in overlay2/<id>/diff; `link` names its short alias in overlay2/l/, `lower` its ancestors. */
export const overlay2: StorageDriver = {
  layerDirectories: (id) => [`overlay2/${id}/diff`],
};
