import type { ProcessView } from '../read/process.js';
import type { TreeNode } from '../read/process-tree.js';
import { anchor, html, link, table, type Html } from './html.js';
import { leadsTo } from './process-text.js';

/** What a container's section already shows, so that its processes need not repeat it. */
export interface Shown {
  /** `name=value` of the container's env: a process environ entry equal to one is counted, not listed. */
  readonly env?: ReadonlySet<string>;
  /** The pid whose mount table (same namespace) is already listed. */
  readonly mountsOf?: number | undefined;
  /** Environments, limits, cgroups and namespaces already listed on the page, by content. */
  readonly lists?: ListedOnce;
}

/**
 * Lists that repeat from process to process (a daemon's 200 shims inherit one environment and one
 * set of limits; a container's processes share its cgroups and namespaces) are listed once: each
 * later process links to the first that listed it.
 */
export class ListedOnce {
  private readonly firstPid = new Map<string, number>();

  /** The pid that already listed these rows, or undefined when `pid` is the first (and now lists them). */
  listedBy(kind: string, rows: readonly unknown[], pid: number): number | undefined {
    if (rows.length === 0) return undefined;
    const key = `${kind}\n${JSON.stringify(rows)}`;
    const first = this.firstPid.get(key);
    if (first === undefined) this.firstPid.set(key, pid);
    return first !== undefined && first !== pid ? first : undefined;
  }
}

function listOrLink(name: string, first: number | undefined, list: () => Html): Html {
  return first === undefined ? list() : html`<p class="muted">${name}: as ${link('proc', first, first)}</p>`;
}

/** One process as the report shows it: argv, parents, ids, and every fd with what it leads to; cgroups, namespaces, limits and mounts folded. */
export function processSection(p: ProcessView, shown: Shown = {}): Html {
  const environ = p.environ.filter((e) => !shown.env?.has(`${e.name}=${e.value ?? ''}`));
  const repeated = p.environ.length - environ.length;
  const mounts = shown.mountsOf === undefined ? table(['source', 'mount point', 'type', 'options'], p.mounts.map((m) => [m.source, m.mount_point, m.fs_type, m.mount_options])) : html`<p class="muted">mounts: the mount table of ${link('proc', shown.mountsOf, shown.mountsOf)} (same namespace)</p>`;
  const parents = p.parents.map((a) => html`<li>${a.captured ? link('proc', a.pid, a.pid) : a.pid} ${a.captured ? html`${a.comm ?? '?'} [${a.role}${a.container ? ` ${a.container}` : ''}] ${a.argv.join(' ')}` : html`<span class="muted">${a.note}</span>`}</li>`);
  return html`<details class="entity" id="${anchor('proc', p.pid)}"><summary><b>${p.pid}</b> ${p.comm ?? '?'} [${p.role}${p.container ? ` ${p.container}` : ''}] ${p.argv.join(' ')}</summary>
<table class="facts"><tbody>
<tr><td>command</td><td>${p.argv.join(' ')}</td></tr>
<tr><td>exe / cwd / root</td><td>${p.exe ?? '-'} / ${p.cwd ?? '-'} / ${p.root ?? '-'}</td></tr>
<tr><td>state</td><td>${p.state ?? '-'}, ${p.threads ?? '-'} threads, rss ${p.vm_rss_kib ?? '-'} KiB, oom_score_adj ${p.oom_score_adj ?? '-'}</td></tr>
<tr><td>uids / gids</td><td>${p.uids ?? '-'} / ${p.gids ?? '-'}</td></tr>
</tbody></table>
<h3>Parents</h3><ul>${parents.length ? parents : html`<li class="muted">none recorded</li>`}</ul>
<h3>File descriptors (${p.fds.length})</h3>
${table(['fd', 'target', 'leads to'], p.fds.map((f) => [f.fd, f.target, peerCell(f)]))}
<details><summary>cgroups (${p.cgroups.length}), namespaces (${p.namespaces.length}), limits (${p.limits.length}), environment (${p.environ.length}${repeated ? `, ${repeated} as the container's env` : ''}), mounts (${p.mounts.length})</summary>
${listOrLink('cgroups', shown.lists?.listedBy('cgroups', p.cgroups, p.pid), () => table(['hierarchy', 'controllers', 'path'], p.cgroups.map((g) => [g.hierarchy_id, g.controllers, g.path])))}
${listOrLink('namespaces', shown.lists?.listedBy('namespaces', p.namespaces, p.pid), () => table(['namespace', 'inode'], p.namespaces.map((n) => [n.type, n.inode])))}
${listOrLink('limits', shown.lists?.listedBy('limits', p.limits, p.pid), () => table(['limit', 'soft', 'hard', 'units'], p.limits.map((l) => [l.name, l.soft, l.hard, l.units])))}
${environ.length ? listOrLink('environment', shown.lists?.listedBy('environ', environ, p.pid), () => table(['name', 'value'], environ.map((e) => [e.name, e.value]))) : ''}
${mounts}
</details></details>\n`;
}

/**
 * At most this many peers of one fd are listed: a pipe inherited by a daemon and its 200 shims
 * would otherwise list 200 peers in each of 200 sections.
 */
const PEERS_LISTED = 8;

function peerCell(f: ProcessView['fds'][number]): Html {
  const listed = f.peers.slice(0, PEERS_LISTED);
  const peers = listed.map((p) => html` ${link('proc', p.pid, `${p.pid} ${p.process ?? '?'}`)} fd ${p.fd}${p.container ? ` (${p.container})` : ''}`);
  const more = f.peers.length - listed.length;
  return html`${leadsTo({ ...f, peers: [], note: f.note })}${peers.length ? html`; peer${peers}` : ''}${more > 0 ? ` and ${more} more processes` : ''}`;
}

/** The process tree as nested lists, each process linking to its section. */
export function treeList(nodes: readonly TreeNode[]): Html {
  if (nodes.length === 0) return html``;
  return html`<ul class="tree">${nodes.map(
    (n) => html`<li>${n.captured ? link('proc', n.pid, n.pid) : n.pid} ${n.captured ? html`[${n.role}${n.container ? ` ${n.container}` : ''}] ${n.argv.join(' ') || n.comm || '?'}` : html`<span class="muted">(${n.role} ${n.container ?? ''}: not captured)</span>`}${treeList(n.children)}</li>`,
  )}</ul>`;
}
