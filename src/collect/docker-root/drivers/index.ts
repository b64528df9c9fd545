import { aufs } from './aufs.js';
import { overlay } from './overlay.js';
import { overlay2 } from './overlay2.js';

/** What docksnap knows of a storage driver's layout under the Docker root. Layer contents are never read. */
export interface StorageDriver {
  /** Root-relative directories that may hold a layer's files; the first that exists is the layer's diff_path. */
  layerDirectories(layerId: string): string[];
  /** Root-relative file listing a layer's ancestors, one per line, nearest first (aufs only). */
  parentsFile?(layerId: string): string;
}

/** Drivers whose layer data is a block device or a dataset, not a directory of files: known, with no diff_path. */
const NO_DIRECTORY: StorageDriver = { layerDirectories: () => [] };

/** Storage drivers by the name Docker records in Driver (docker-explorer's STORAGES_MAP). */
export const STORAGE_DRIVERS: ReadonlyMap<string, StorageDriver> = new Map([
  ['aufs', aufs],
  ['overlay', overlay],
  ['overlay2', overlay2],
  ['vfs', { layerDirectories: (id: string) => [`vfs/dir/${id}`] }],
  ['btrfs', { layerDirectories: (id: string) => [`btrfs/subvolumes/${id}`] }],
  ['devicemapper', NO_DIRECTORY],
  ['zfs', NO_DIRECTORY],
]);

/** The driver of that name; undefined for a driver docksnap does not know (the caller records a capture_error). */
export function storageDriver(name: string | null): StorageDriver | undefined {
  return name === null ? undefined : STORAGE_DRIVERS.get(name);
}
