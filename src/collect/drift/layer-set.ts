/**
 * A container's writable layer and the layers under it, as directories on the host, and how its
 * storage driver marks deletions. Every engine's driver reduces to this: Docker's overlay2
 * (diff/ over the init and image diffs), overlay (upper/ over root/), aufs (diff/<id>), and the
 * same shape serves Podman's overlay layers and containerd's snapshotter (fs/ over its parents).
 */
export interface LayerSet {
  /** The writable layer's directory (a real path: no symbolic link in it). */
  readonly upper: string;
  /** The lower layers' directories, nearest first (real paths). */
  readonly lowers: readonly string[];
  /**
   * overlay: a whiteout is a character device 0/0, an opaque directory has the xattr
   * trusted.overlay.opaque (or user.overlay.opaque) = y; aufs: `.wh.<name>` files and
   * `.wh..wh..opq`.
   */
  readonly whiteouts: 'overlay' | 'aufs';
}

/** The whiteout style of a Docker storage driver whose layers are directories of changes; undefined otherwise. */
export function whiteoutStyle(driver: string | null): LayerSet['whiteouts'] | undefined {
  // overlayfs: containerd's snapshotter, Docker's driver with its containerd image store; its snapshots are overlay layers.
  if (driver === 'overlay2' || driver === 'overlay' || driver === 'overlayfs') return 'overlay';
  if (driver === 'aufs') return 'aufs';
  return undefined;
}

export const AUFS_WHITEOUT = '.wh.';
export const AUFS_OPAQUE = '.wh..wh..opq';
/** aufs's own bookkeeping at a branch root (hard-link pool, xino, orphans), never container files. */
export const AUFS_META = new Set(['.wh..wh.plnk', '.wh..wh.aufs', '.wh..wh.orph']);
