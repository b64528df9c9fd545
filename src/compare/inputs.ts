/** What `docksnap compare` reads: files named, or the files of a directory and of its subdirectories (`<dir>/<host>/<bundle>`), and the names of their hosts. */
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { InputError } from '../errors.js';
import { STATUS_FILE as FLEET_STATUS_FILE } from '../fleet/playbook.js';
import { describeError } from '../util/errno.js';

export interface CompareInput {
  readonly path: string;
  /** Found in a directory: a file there that is not a snapshot is skipped rather than an error. */
  readonly listed: boolean;
}

/** @throws InputError when a directory cannot be listed */
export function compareInputs(paths: readonly string[]): CompareInput[] {
  return paths.flatMap((path): CompareInput[] => (isDirectory(path) ? filesUnder(path, 1).map((file) => ({ path: file, listed: true })) : [{ path, listed: false }]));
}

/**
 * Each host's name: its file's path below the directory all the files share, without the file
 * name when it is the only snapshot of its own directory (`web1` for `fleet/web1/web1.tar.gz`),
 * else without its extension (`a` for `a.db`).
 */
export function hostNames(paths: readonly string[]): string[] {
  const absolute = paths.map((p) => resolve(p));
  const common = absolute.map(dirname).reduce((a, b) => commonDir(a, b));
  const relatives = absolute.map((p) => relative(common, p));
  const perDir = new Map<string, number>();
  for (const r of relatives) perDir.set(dirname(r), (perDir.get(dirname(r)) ?? 0) + 1);
  const names = relatives.map((r) => (dirname(r) !== '.' && perDir.get(dirname(r)) === 1 ? dirname(r) : join(dirname(r), stripExtension(basename(r)))));
  // Two files may still end up with one name (a.db and a.tar): those keep their whole relative path.
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  return names.map((n, i) => (counts.get(n) === 1 ? n : (relatives[i] as string)));
}

function stripExtension(name: string): string {
  return name.replace(/\.(db|sqlite|tar|tar\.gz|tgz)$/, '') || name;
}

function commonDir(a: string, b: string): string {
  const x = a.split(sep);
  const y = b.split(sep);
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  return x.slice(0, i).join(sep) || sep;
}

export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Regular files (never symlinks) of `dir` and, `depth` levels down, of its subdirectories, sorted;
 * the status file `docksnap fleet` writes beside each host's bundle is not an input.
 */
function filesUnder(dir: string, depth: number): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    throw new InputError(dir, `cannot be listed: ${describeError(error)}`, { cause: error });
  }
  return entries
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => (e.isFile() ? (depth === 0 && e.name === FLEET_STATUS_FILE ? [] : [join(dir, e.name)]) : e.isDirectory() && depth > 0 ? filesUnder(join(dir, e.name), depth - 1) : []));
}
