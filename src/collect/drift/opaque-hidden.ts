import type { Stats } from 'node:fs';
import { openDirectoryPinned } from '../../util/fs-readonly.js';
import { errnoCode } from '../../util/errno.js';
import { AUFS_META, AUFS_OPAQUE, AUFS_WHITEOUT, type LayerSet } from './layer-set.js';
import { isOverlayWhiteout, lstatOrUndefined, type VisibleLowers } from './lower-layers.js';

/**
 * What an opaque directory of the writable layer hides: the entries the lower layers show in
 * that directory (merged nearest first, less their whiteouts) that the writable layer does not
 * hold again (`upperNames`). Each is deleted, as docker diff reports it; what is below them is
 * not listed, as docker diff does not list the contents of a deleted directory.
 * At most `max` entries are returned.
 */
export function hiddenByOpaque(layers: LayerSet, dir: string, visible: VisibleLowers, upperNames: ReadonlySet<string>, max: number): Map<string, Stats> {
  const hidden = new Map<string, Stats>();
  const decided = new Set<string>(upperNames);
  for (const index of visible) {
    const base = `${layers.lowers[index]}${dir}`;
    let opaqueHere = false;
    for (const name of listNames(base)) {
      if (hidden.size >= max) return hidden;
      if (layers.whiteouts === 'aufs') {
        if (name === AUFS_OPAQUE) opaqueHere = true;
        if (name.startsWith(AUFS_WHITEOUT)) {
          if (!AUFS_META.has(name)) decided.add(name.slice(AUFS_WHITEOUT.length));
          continue;
        }
      }
      if (decided.has(name)) continue;
      decided.add(name);
      const stat = lstatOrUndefined(`${base}/${name}`);
      if (stat && !(layers.whiteouts === 'overlay' && isOverlayWhiteout(stat))) hidden.set(name, stat);
    }
    if (opaqueHere) break;
  }
  return hidden;
}

function* listNames(directory: string): Generator<string> {
  let pinned;
  try {
    pinned = openDirectoryPinned(directory);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return;
    throw error;
  }
  try {
    for (let name = pinned.next(); name !== null; name = pinned.next()) yield name;
  } finally {
    pinned.close();
  }
}
