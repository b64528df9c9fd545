import type { Stats } from 'node:fs';
import { lstatIfPresent } from '../../util/fs-readonly.js';
import { AUFS_OPAQUE, AUFS_WHITEOUT, type LayerSet } from './layer-set.js';

/**
 * The lower layers under one directory of the writable layer: the indexes of the lower layers
 * in which that directory is a real, visible directory (not a link, not hidden by a whiteout or
 * an opaque directory above it). Looking a child up only there means no lstat ever passes
 * through a link inside a layer.
 */
export type VisibleLowers = readonly number[];

export function isOverlayWhiteout(stat: Stats): boolean {
  return stat.isCharacterDevice() && stat.rdev === 0;
}

/**
 * What the lower layers show at `name` inside a directory (its `visible` lowers): the lstat of
 * the topmost entry, undefined when none does or a whiteout hides it.
 */
export function findInLowers(layers: LayerSet, dir: string, visible: VisibleLowers, name: string): Stats | undefined {
  for (const index of visible) {
    const base = `${layers.lowers[index]}${dir}`;
    if (layers.whiteouts === 'aufs' && exists(`${base}/${AUFS_WHITEOUT}${name}`)) return undefined;
    const stat = lstatOrUndefined(`${base}/${name}`);
    if (stat === undefined) continue;
    return layers.whiteouts === 'overlay' && isOverlayWhiteout(stat) ? undefined : stat;
  }
  return undefined;
}

/** The visible lowers of `dir/name`: where it is a directory, down to the first layer that hides what is under it. */
export function childVisibleLowers(layers: LayerSet, dir: string, visible: VisibleLowers, name: string): number[] {
  const child: number[] = [];
  for (const index of visible) {
    const base = `${layers.lowers[index]}${dir}`;
    if (layers.whiteouts === 'aufs' && exists(`${base}/${AUFS_WHITEOUT}${name}`)) break;
    const stat = lstatOrUndefined(`${base}/${name}`);
    if (stat === undefined) continue;
    if (!stat.isDirectory()) break;
    child.push(index);
    if (layers.whiteouts === 'aufs' && exists(`${base}/${name}/${AUFS_OPAQUE}`)) break;
  }
  return child;
}

export const lstatOrUndefined = lstatIfPresent;

function exists(path: string): boolean {
  return lstatOrUndefined(path) !== undefined;
}
