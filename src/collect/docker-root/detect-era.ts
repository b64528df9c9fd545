import { statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../errors.js';
import { describeError, isGone } from '../../util/errno.js';
import type { DockerRootEra } from './types.js';
import type { RootReader } from './root-reader.js';

/** Directories every Docker root of every era has at least one of. */
const ROOT_MARKERS = ['containers', 'image', 'graph'] as const;

/**
 * Checks that `root` looks like a Docker data root (of any era).
 * @throws InputError naming the path when it is missing, not a directory, unreadable (the cause carries the errno), or holds none of containers/, image/, graph/.
 */
export function assertDockerRoot(root: string): void {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(root).isDirectory();
  } catch (error) {
    throw new InputError(root, `cannot read the Docker root: ${describeError(error)}`, { cause: error });
  }
  if (!isDirectory) throw new InputError(root, 'is not a directory, so not a Docker root');
  let denied: unknown;
  for (const marker of ROOT_MARKERS) {
    try {
      if (statSync(join(root, marker)).isDirectory()) return;
    } catch (error) {
      if (!isGone(error)) denied ??= error;
    }
  }
  // A root this user may not enter is not "not a Docker root": say why it could not be read.
  if (denied !== undefined) throw new InputError(root, `cannot read the Docker root: ${describeError(denied)}`, { cause: denied });
  const hint = isDirectoryAt(join(root, 'docker', 'containers')) ? ` (did you mean ${join(root, 'docker')}?)` : '';
  throw new InputError(root, `is not a Docker root: it has no containers/, image/ or graph/ directory${hint}`);
}

function isDirectoryAt(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The config file a container directory holds, which names its era (docker-explorer's DetectDockerStorageVersion). */
export type ConfigFormat = 'v2' | 'v1' | 'lxc';

/** Which era a container directory's files belong to: config.v2.json ≥1.10, config.json <1.10, plus config.lxc for the LXC driver. */
export function containerFormat(names: ReadonlySet<string>): ConfigFormat | undefined {
  if (names.has('config.v2.json')) return 'v2';
  if (names.has('config.json')) return names.has('config.lxc') ? 'lxc' : 'v1';
  return undefined;
}

/** The root's era from its containers' formats, else from the image store it keeps. */
export function rootEra(reader: RootReader, formats: readonly (ConfigFormat | undefined)[]): DockerRootEra | null {
  for (const era of ['v2', 'lxc', 'v1'] as const) if (formats.includes(era)) return era;
  if (reader.stat('image')?.isDirectory()) return 'v2';
  if (reader.stat('repositories')?.isFile()) return 'lxc';
  if (reader.stat('graph')?.isDirectory()) return 'v1';
  return null;
}

/** Storage drivers whose directory under the root names them, in the order Docker's own probe prefers. */
const DRIVER_DIRECTORIES = ['overlay2', 'aufs', 'overlay', 'btrfs', 'zfs', 'devicemapper', 'vfs'] as const;

/**
 * The root's storage driver: the one most containers name (Driver), else the one the repositories
 * file names (repositories-<driver>, image/<driver>/repositories.json), else a driver directory;
 * the 0.6 layout (rw/ in the container directory, no Driver) was aufs-only.
 */
export function rootStorageDriver(reader: RootReader, containerDrivers: readonly (string | null)[]): string | null {
  const counts = new Map<string, number>();
  for (const driver of containerDrivers) if (driver) counts.set(driver, (counts.get(driver) ?? 0) + 1);
  const named = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
  if (named) return named[0];
  for (const entry of reader.list('docker root', 'image')) {
    if (entry.isDirectory() && reader.stat(`image/${entry.name}/repositories.json`)) return entry.name;
  }
  for (const entry of reader.list('docker root', '.')) {
    const match = /^repositories-(.+)$/.exec(entry.name);
    if (match?.[1]) return match[1];
  }
  for (const driver of DRIVER_DIRECTORIES) if (reader.stat(driver)?.isDirectory()) return driver;
  return reader.stat('repositories') ? 'aufs' : null;
}
