import type { SnapshotDb } from '../store/open.js';
import { parseArgv } from './process.js';

/** One process of `show --tree`, with the captured processes it started. */
export interface TreeNode {
  readonly pid: number;
  readonly ppid: number | null;
  /** false for a parent the capture did not keep but the snapshot knows of (a container's recorded pid: lxc-start in 2013). */
  readonly captured: boolean;
  readonly role: string;
  readonly comm: string | null;
  readonly argv: string[];
  readonly container: string | null;
  readonly children: TreeNode[];
}

const ROLE_ORDER = ['dockerd', 'containerd', 'shim', 'proxy', 'container'];

/**
 * The captured processes as a forest by ppid: dockerd → containerd → shims → each container's
 * processes. A process whose parent was not captured is a root, unless its parent is a container's
 * recorded pid (2013: lxc-start), which then stands in as an uncaptured node.
 */
export function readProcessTree(db: SnapshotDb): TreeNode[] {
  const containers = db.all<{ id: string; name: string | null; pid: number | null }>('SELECT id, name, pid FROM containers ORDER BY running DESC, id');
  const label = new Map(containers.map((c) => [c.id, c.name ?? c.id.slice(0, 12)]));
  const nodes = new Map<number, TreeNode>();
  for (const p of db.all<{ pid: number; ppid: number | null; role: string; comm: string | null; argv: string; container_id: string | null }>(
    'SELECT pid, ppid, role, comm, argv, container_id FROM processes ORDER BY pid',
  )) {
    nodes.set(p.pid, { pid: p.pid, ppid: p.ppid, captured: true, role: p.role, comm: p.comm, argv: parseArgv(p.argv), container: p.container_id ? (label.get(p.container_id) ?? p.container_id.slice(0, 12)) : null, children: [] });
  }
  const byPid = new Map(containers.filter((c) => c.pid).map((c) => [c.pid as number, c]));
  for (const node of [...nodes.values()]) {
    const ppid = node.ppid;
    if (ppid === null || nodes.has(ppid)) continue;
    const owner = byPid.get(ppid);
    if (owner) nodes.set(ppid, { pid: ppid, ppid: null, captured: false, role: 'container init', comm: null, argv: [], container: label.get(owner.id) ?? null, children: [] });
  }
  const roots: TreeNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.ppid === null ? undefined : nodes.get(node.ppid);
    if (parent && !isAncestor(node, parent, nodes)) parent.children.push(node);
    else roots.push(node);
  }
  const order = (a: TreeNode, b: TreeNode) => rank(a) - rank(b) || a.pid - b.pid;
  const sortDeep = (list: TreeNode[]) => {
    list.sort(order);
    for (const n of list) sortDeep(n.children);
  };
  sortDeep(roots);
  return roots;
}

/** Whether `node` is `parent` or one of its ancestors: a hostile ppid loop becomes a root, never a cycle. */
function isAncestor(node: TreeNode, parent: TreeNode, nodes: ReadonlyMap<number, TreeNode>): boolean {
  const seen = new Set<number>();
  for (let p: TreeNode | undefined = parent; p && !seen.has(p.pid); p = p.ppid === null ? undefined : nodes.get(p.ppid)) {
    if (p === node) return true;
    seen.add(p.pid);
  }
  return false;
}

function rank(node: TreeNode): number {
  const index = ROLE_ORDER.indexOf(node.role);
  return index < 0 ? ROLE_ORDER.length : index;
}
