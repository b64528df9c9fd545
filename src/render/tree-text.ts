import type { TreeNode } from '../read/process-tree.js';
import { line } from './escape.js';

/** `show --tree`: pstree-style, one process per line with its pid, role, container and command. */
export function renderTreeText(roots: readonly TreeNode[]): string {
  if (roots.length === 0) return 'no processes captured\n';
  const out: string[] = [];
  const walk = (node: TreeNode, prefix: string, last: boolean, top: boolean) => {
    const branch = top ? '' : last ? '└─ ' : '├─ ';
    out.push(`${prefix}${branch}${describe(node, top)}\n`);
    const childPrefix = top ? '' : `${prefix}${last ? '   ' : '│  '}`;
    node.children.forEach((child, i) => walk(child, childPrefix, i === node.children.length - 1, false));
  };
  for (const root of roots) walk(root, '', true, true);
  return out.join('');
}

function describe(node: TreeNode, top: boolean): string {
  const who = node.container ? ` ${node.container}` : '';
  if (!node.captured) return line`${node.pid} (${node.role}${who}: not captured)`;
  const parent = top && node.ppid !== null && node.ppid > 0 ? `  (parent ${node.ppid} not captured)` : '';
  return line`${node.pid} [${node.role}${who}] ${node.argv.join(' ') || node.comm || '?'}${parent}`;
}
