import type { ReportData } from '../read/report-data.js';
import { html, link, table } from './html.js';
import { containerSection } from './report-container.js';
import { renderPage } from './report-page.js';
import { shortContainerId } from './container-engine.js';
import { ListedOnce, processSection, treeList } from './report-process.js';
import { idRange } from './show-text.js';

/** `docksnap report SNAP`: one self-contained page holding what show, --ports, --tree, --daemon and every --container print. */
export function renderSnapshotReport(data: ReportData): string {
  const s = data.show.snapshot;
  const title = `docksnap report — ${s.host_name ?? 'unknown host'} ${s.started_at}`;
  const portsOf = new Map(data.containers.map((c) => [c.container.id, c.config.ports.filter((p) => p.host_port !== null).map((p) => `${p.host_ip || '0.0.0.0'}:${p.host_port}->${p.container_port}/${p.proto}`)]));
  const lists = new ListedOnce();
  const body = html`<h1>${title}</h1>
<nav><a href="#host">Host</a><a href="#containers-section">Containers</a><a href="#ports">Ports</a><a href="#tree">Process tree</a><a href="#daemon">Daemon processes</a><a href="#details">Container details</a><a href="#errors">Capture errors</a></nav>
<h2 id="host">Host and capture</h2>
<table class="facts"><tbody>
<tr><td>snapshot</td><td>${data.path}</td></tr>
<tr><td>host</td><td>${s.host_name ?? '-'}, boot ${s.boot_id ?? '-'}, kernel ${s.kernel_release ?? '-'}, cgroup ${s.cgroup_version ?? '-'}</td></tr>
<tr><td>captured</td><td>${s.started_at} → ${s.finished_at}, ${s.mode}, docksnap ${s.tool_version}</td></tr>
<tr><td>docker</td><td>${s.docker_version ?? '-'}, api ${s.docker_host ?? '-'}, driver ${s.storage_driver ?? '-'}, era ${s.docker_root_era ?? '-'}</td></tr>
<tr><td>roots</td><td>docker ${s.docker_root ?? '-'}, exec ${s.exec_root ?? '-'}, proc ${s.proc_root ?? '-'}</td></tr>
<tr><td>counts</td><td>${Object.entries(data.show.counts).map(([k, v]) => `${k} ${v}`).join(', ')}</td></tr>
</tbody></table>
${data.show.engines.length ? table(['engine', 'kind', 'version', 'endpoint', 'data root', 'run root', 'containers'], data.show.engines.map((e) => [e.id, e.kind, e.version, e.endpoint ? `${e.endpoint}${e.api_answered ? '' : ' (no answer)'}` : null, e.data_root, e.run_root, e.container_count]), { id: 'engines' }) : ''}
${data.show.id_maps.length ? table(['engine', 'daemon pid', 'ids', 'inside the user namespace', 'on the host', 'count'], data.show.id_maps.map((m) => [m.engine_id, m.pid, m.kind, idRange(m.inside_id, m.count), idRange(m.outside_id, m.count), m.count]), { id: 'id-maps' }) : ''}
${data.show.daemons.length ? table(['dockerd pid', 'captured', 'data root', 'exec root', 'hosts'], data.show.daemons.map((d) => [d.captured ? link('proc', d.pid, d.pid) : d.pid, d.captured ? 'yes' : 'no', d.data_root, d.exec_root, d.hosts.join(' ')])) : ''}
<h2 id="containers-section">Containers (<span id="containers-shown">${data.containers.length}</span> of ${data.containers.length})</h2>
<input class="filter" type="search" placeholder="filter containers" aria-label="filter containers" data-target="#containers tbody tr" data-count="containers-shown">
${table(
  ['name', 'id', 'engine', 'image', 'state', 'pid', 'ports', 'started'],
  data.show.containers.map((c) => [link('ctr', c.id, c.name ?? shortContainerId(c.id)), shortContainerId(c.id), c.engine, c.image, c.state, c.pid || null, (portsOf.get(c.id) ?? []).join(' '), c.started_at]),
  { id: 'containers', sortable: true },
)}
<h2 id="ports">Port map</h2>
${table(
  ['proto', 'local', 'remote', 'state', 'process', 'container'],
  data.ports.map((p) => [p.proto, `${p.local_address}:${p.local_port}`, `${p.remote_address}:${p.remote_port}`, p.state, p.pid === null ? null : link('proc', p.pid, `${p.pid} ${p.process ?? '?'}`), p.container_id ? link('ctr', p.container_id, p.container ?? p.container_id.slice(0, 12)) : null]),
  { id: 'port-map', sortable: true },
)}
<h2 id="tree">Process tree</h2>
${treeList(data.tree)}
<h2 id="daemon">Daemon processes (${data.daemon_processes.length})</h2>
${data.daemon_processes.map((p) => processSection(p, { lists }))}
<h2 id="details">Container details</h2>
${data.containers.map((c) => containerSection(c, lists))}
<h2 id="errors">Capture errors (${data.show.capture_errors.length})</h2>
${data.show.capture_errors.length ? table(['phase', 'subject', 'path', 'code', 'message'], data.show.capture_errors.map((e) => [e.phase, e.subject, e.path, e.code, e.message]), { sortable: true }) : html`<p class="muted">none</p>`}
`;
  return renderPage(title, body);
}
