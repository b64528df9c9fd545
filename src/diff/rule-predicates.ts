/** The predicates the noise rules' `when` uses: what an fd is, what a change's containers became. */
import { mentionedContainers, type SideContext } from './context.js';
import type { Entity } from './entity.js';
import type { ContainerFate, RuleInput } from './normalize.js';
import { isTreeObject, type Tree, type TreeObject } from './tree.js';

const ANONYMOUS = /^(socket|pipe|anon_inode):/;

/** True when the container's env holds `value` under the variable the environ path names (absent stays absent). */
export function mirrorsEnv(owner: TreeObject | undefined, path: string, value: Tree): boolean {
  const env = owner?.['env'];
  if (!isTreeObject(env)) return false;
  const name = path.slice('/environ/'.length).replace(/~1/g, '/').replace(/~0/g, '~');
  return value === null ? !Object.hasOwn(env, name) : env[name] === value;
}

/** An added or removed process of a container that is neither its init nor an exec (the owner's init pid is in its tree). */
export function isShortLived(i: RuleInput): boolean {
  const entity = i.a ?? i.b;
  const owner = i.a ? i.ownerA : i.ownerB;
  if (!entity || entity.role !== 'container' || entity.exec || (i.a && i.b) || !owner) return false;
  const init = isTreeObject(owner['state']) ? owner['state']['pid'] : null;
  return typeof init === 'number' && init > 0 && entity.tree['pid'] !== init;
}

export function isAnonymousFd(value: Tree): boolean {
  if (typeof value === 'string') return ANONYMOUS.test(value);
  const target = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, Tree>)['target'] : undefined;
  return typeof target === 'string' && ANONYMOUS.test(target);
}

const CHURN_DIRS = /^\/(tmp|run|var\/run)\//;

/** A drift entry that churns by itself: a socket or FIFO under /tmp, /run or /var/run, or a pid file. */
export function isDriftChurn(i: RuleInput): boolean {
  const segment = i.path.split('/')[1];
  if (segment === undefined || segment === '') return false;
  const path = segment.replace(/~1/g, '/').replace(/~0/g, '~');
  const entry = i.a?.tree[path] ?? i.b?.tree[path] ?? (isTreeObject(i.change.new) ? i.change.new : i.change.old);
  const type = isTreeObject(entry) ? entry['type'] : null;
  return path.endsWith('.pid') || ((type === 'socket' || type === 'fifo') && CHURN_DIRS.test(path));
}

/** Fates of the containers a change involves: the entity's owner (but a container's own), and those its values name. */
export function fates(i: RuleInput): ContainerFate[] {
  const found: ContainerFate[] = [];
  const collect = (entity: Entity | undefined, value: Tree, ctx: SideContext, map: ReadonlyMap<string, ContainerFate>) => {
    if (map.size === 0) return;
    const text = (v: Tree | undefined) => (typeof v === 'string' ? v : v === null || v === undefined || typeof v !== 'object' ? '' : JSON.stringify(v));
    const ids = mentionedContainers(`${text(value)}\n${text(entity === i.a ? i.entry?.old : i.entry?.new)}`, ctx);
    if (entity && i.kind !== 'container' && entity.owner) ids.push(entity.owner);
    for (const id of ids) {
      const fate = map.get(id);
      if (fate) found.push(fate);
    }
  };
  collect(i.a, i.change.old, i.ctxA, i.fatesA);
  collect(i.b, i.change.new, i.ctxB, i.fatesB);
  return found;
}

