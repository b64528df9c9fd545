import { opendirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../errors.js';
import { describeError, isGone } from '../../util/errno.js';
import type { DockerRootEra } from './types.js';
import type { RootReader } from './root-reader.js';
import { createPathResolver } from './path-resolver.js';

/** Directory entries looked at per directory while deciding whether a directory is a Docker root. */
const PROBE_ENTRIES = 256;

/**
 * Checks that `root` is a Docker data root (of any era), by what only Docker writes there: a
 * container directory holding a Docker config file (containers/<id>/config.v2.json or
 * config.json), an image store (image/<driver>/ with imagedb/, layerdb/ or repositories.json),
 * or the 1.x graph (a repositories-<driver> or repositories file, or graph/<id>/json). A
 * directory that merely has a containers/ directory (/etc has one) is not a Docker root.
 * Links are resolved inside `root`; at most PROBE_ENTRIES entries of each directory are looked at.
 * @throws InputError naming the path when it is missing, not a directory, unreadable (the cause carries the errno), or not a Docker root.
 */
export function assertDockerRoot(root: string): void {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(root).isDirectory();
  } catch (error) {
    throw new InputError(root, `cannot read the Docker root: ${describeError(error)}`, { cause: error });
  }
  if (!isDirectory) throw new InputError(root, 'is not a directory, so not a Docker root');
  const probe = rootProbe(root);
  if (probe.found) return;
  // A root this user may not enter is not "not a Docker root": say why it could not be read.
  if (probe.denied !== undefined) throw new InputError(root, `cannot read the Docker root: ${describeError(probe.denied)}`, { cause: probe.denied });
  const hint = isDirectoryAt(join(root, 'docker', 'containers')) ? ` (did you mean ${join(root, 'docker')}?)` : '';
  throw new InputError(root, `is not a Docker root: no container directory holds a Docker config file, and there is no image/<driver>/ store or graph/ with repositories${hint}`);
}

function rootProbe(root: string): { found: boolean; denied: unknown } {
  const paths = createPathResolver(root);
  let denied: unknown;
  const names = (path: string): string[] => {
    try {
      return firstEntries(path === '' ? root : paths.resolve(path));
    } catch (error) {
      if (!isGone(error)) denied ??= error;
      return [];
    }
  };
  const isFile = (path: string) => paths.stat(path)?.isFile() === true;
  const isDir = (path: string) => paths.stat(path)?.isDirectory() === true;
  const top = names('');
  const found =
    names('containers').some((id) => isFile(`containers/${id}/config.v2.json`) || isFile(`containers/${id}/config.json`)) ||
    names('image').some((driver) => isDir(`image/${driver}/imagedb`) || isDir(`image/${driver}/layerdb`) || isFile(`image/${driver}/repositories.json`)) ||
    top.some((name) => name.startsWith('repositories-') && isFile(name)) ||
    (isDir('graph') && (isFile('repositories') || names('graph').some((id) => isFile(`graph/${id}/json`))));
  return { found, denied };
}

/** Up to PROBE_ENTRIES names of a directory, without listing a huge one whole. @throws fs errors */
function firstEntries(dir: string): string[] {
  const handle = opendirSync(dir);
  try {
    const names: string[] = [];
    for (let entry = handle.readSync(); entry !== null && names.length < PROBE_ENTRIES; entry = handle.readSync()) names.push(entry.name);
    return names;
  } finally {
    handle.closeSync();
  }
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
