import { readdirSync, readlinkSync, statfsSync } from 'node:fs';
import { isGone } from '../../util/errno.js';
import { readResolvedFile, readResolvedInRoot } from '../../util/fs-readonly.js';
import { READ_LIMITS, type ReadKind } from '../../util/read-limits.js';
import { traceRead } from '../../util/read-trace.js';
import { createPathResolver, type PathResolver } from '../docker-root/path-resolver.js';

/**
 * Every read of a /proc tree, through the one reader for host data (util/fs-readonly.ts). Paths
 * are relative to the tree (`123/status`). A saved tree is read like any other root: links
 * resolve inside it and never lead out. The live procfs has a kernel-made layout, so its paths are
 * taken as they are; its link-like entries (exe, cwd, root, fd/*, ns/*) are only readlink'ed,
 * and no path is ever opened through one of them. Files are opened without following links,
 * non-blocking, refused unless regular, and read up to a cap.
 * Each function returns undefined when the entry vanished (the process exited, or a saved tree
 * lacks it) and throws every other error (EACCES, not-regular-file, oversized…).
 */

/** statfs f_type of procfs. */
const PROC_SUPER_MAGIC = 0x9fa0;

interface ProcTree {
  readonly root: string;
  /** Resolver for a saved tree; undefined for the live procfs. */
  readonly paths: PathResolver | undefined;
}

const trees = new Map<string, ProcTree>();

function treeOf(root: string): ProcTree {
  let tree = trees.get(root);
  if (!tree) {
    tree = { root, paths: isProcfs(root) ? undefined : createPathResolver(root) };
    trees.set(root, tree);
  }
  return tree;
}

function isProcfs(root: string): boolean {
  try {
    return statfsSync(root).type === PROC_SUPER_MAGIC;
  } catch {
    return false;
  }
}

/** Forgets what was learned of saved trees' layout (a capture starts afresh). */
export function forgetProcTrees(): void {
  trees.clear();
}

/** True when `procRoot` is the kernel's procfs rather than a saved copy. */
export function isLiveProc(procRoot: string): boolean {
  return treeOf(procRoot).paths === undefined;
}

function unlessGone<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (isGone(error)) return undefined;
    throw error;
  }
}

/** The host path of a file's entry: its directory resolved inside the tree, the last name as is. */
function entryPath(tree: ProcTree, relative: string): string {
  return tree.paths ? tree.paths.file(relative) : `${tree.root}/${relative}`;
}

/** A /proc file's bytes, at most the cap for `kind`. */
export function readProcBytes(procRoot: string, relative: string, kind: ReadKind = 'procArgs'): Buffer | undefined {
  const tree = treeOf(procRoot);
  const cap = READ_LIMITS[kind];
  return unlessGone(() => {
    if (!tree.paths) return readResolvedFile(entryPath(tree, relative), { cap, lstatFirst: false }).bytes;
    return readResolvedInRoot(procRoot, relative, entryPath(tree, relative), { cap }).bytes;
  });
}

/** A /proc file as UTF-8 text (invalid bytes become U+FFFD). */
export function readProcText(procRoot: string, relative: string, kind: ReadKind = 'procFile'): string | undefined {
  return readProcBytes(procRoot, relative, kind)?.toString('utf8');
}

/** The target of a link (fd/N, exe, cwd, root, ns/*), never followed. */
export function readProcLink(procRoot: string, relative: string): string | undefined {
  return readProcLinkBytes(procRoot, relative)?.toString('utf8');
}

/** The target of a link as bytes: a path that is not UTF-8 keeps its exact bytes. */
export function readProcLinkBytes(procRoot: string, relative: string): Buffer | undefined {
  const path = entryPath(treeOf(procRoot), relative);
  traceRead('readlink', path);
  return unlessGone(() => readlinkSync(path, { encoding: 'buffer' }));
}

/** A /proc directory listing (the tree itself for ''), its directory resolved inside the tree. */
export function readProcDir(procRoot: string, relative: string): string[] | undefined {
  const tree = treeOf(procRoot);
  const path = relative === '' ? procRoot : tree.paths ? tree.paths.resolve(relative) : `${procRoot}/${relative}`;
  traceRead('readdir', path);
  return unlessGone(() => readdirSync(path));
}
