/**
 * Value rewrites of the noise rules: each maps what varies between hosts (or between captures)
 * to a placeholder, so that two values equal after the rewrite differ only by noise.
 */
import { replaceContainerIds, type SideContext } from './context.js';

/** `socket:[123]`, `pipe:[45]`, `net:[4026531833]` → `socket:[*]`…: kernel-assigned inode numbers. */
export function hideInodes(text: string): string {
  if (!text.includes(':[')) return text;
  return text.replace(/\b([a-z_]+):\[\d+\]/g, '$1:[*]');
}

/** Container ids, full or short, → the container's name (so a path or a cgroup line names the container). */
export function nameContainers(text: string, ctx: SideContext): string {
  return replaceContainerIds(text, ctx);
}

/** Storage driver directories named by random layer ids (overlay2/<id>/diff, overlay2/l/<short link>) → `*`. */
export function hideLayerDirs(text: string): string {
  if (!/overlay|aufs|btrfs|zfs|vfs|\/l\//.test(text)) return text;
  return text
    .replace(/\/l\/[A-Z0-9]{26}\b/g, '/l/*')
    .replace(/\b(overlay2?|aufs\/(?:diff|mnt|layers)|btrfs\/subvolumes|zfs\/graph|vfs\/dir)\/[0-9a-f]{64}(-init)?\b/g, '$1/*$2');
}

/** Paths under the Docker root or the exec root → relative to `<docker-root>` / `<exec-root>`. */
export function relativeToRoots(text: string, ctx: SideContext): string {
  const roots = [
    [ctx.dockerRoot, '<docker-root>'],
    [ctx.execRoot, '<exec-root>'],
  ].filter((r): r is [string, string] => r[0] !== null);
  roots.sort((x, y) => y[0].length - x[0].length);
  let result = text;
  for (const [root, placeholder] of roots) {
    if (result.includes(root)) result = result.replace(cachedRegExp(`${escapeRegExp(root)}(?=/|$|[^\\w.-])`), placeholder);
  }
  return result;
}

/** The captured host's own name → `<host>`, as a whole word. */
export function hideHostName(text: string, ctx: SideContext): string {
  if (!ctx.hostName || !text.includes(ctx.hostName)) return text;
  return text.replace(cachedRegExp(`(?<![\\w.-])${escapeRegExp(ctx.hostName)}(?![\\w-])`), '<host>');
}

/** The patterns of a few roots and host names are built once, not once per value (a snapshot rewrites thousands); the cache is bounded. */
const patterns = new Map<string, RegExp>();
function cachedRegExp(source: string): RegExp {
  let re = patterns.get(source);
  if (!re) {
    if (patterns.size >= 64) patterns.clear();
    patterns.set(source, (re = new RegExp(source, 'g')));
  }
  return re;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
