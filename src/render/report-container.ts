import type { ReportContainer } from '../read/report-data.js';
import { anchor, elementText, html, table, type Html } from './html.js';
import { describeEngine, shortContainerId } from './container-engine.js';
import { processSection, type ListedOnce } from './report-process.js';

/** One container as the report shows it: what `show --container` prints, with each file's content and each process's fds. */
export function containerSection(d: ReportContainer, lists?: ListedOnce): Html {
  const c = d.container;
  const label = c.name ?? shortContainerId(c.id);
  const settings = [...d.settings].sort((a, b) => Number(a.is_default) - Number(b.is_default));
  return html`<details class="entity" id="${anchor('ctr', c.id)}"><summary><b>${label}</b> ${c.image_name ?? ''} — ${c.state} (${c.engine_id ?? 'docker'})</summary>
<table class="facts"><tbody>
<tr><td>id</td><td>${c.id}</td></tr>
<tr><td>engine</td><td>${describeEngine(c)}</td></tr>
<tr><td>image</td><td>${c.image_name ?? '-'} ${c.image_id ?? ''}</td></tr>
<tr><td>command</td><td>${[c.path, ...c.args].filter((a) => a !== null).join(' ')}</td></tr>
<tr><td>state</td><td>${c.state}, pid ${c.pid ?? '-'}, exit ${c.exit_code ?? '-'}, restarts ${c.restart_count ?? '-'}</td></tr>
<tr><td>times</td><td>created ${c.created_at ?? '-'}, started ${c.started_at ?? '-'}, finished ${c.finished_at ?? '-'}</td></tr>
<tr><td>config</td><td>${c.config_format} (${c.source}), network ${c.network_mode ?? '-'}, restart ${c.restart_policy ?? '-'}, hostname ${c.hostname ?? '-'}</td></tr>
<tr><td>storage</td><td>${c.storage_driver ?? '-'} ${c.mount_id ?? ''}</td></tr>
<tr><td>log</td><td>${c.log_path ?? '-'}</td></tr>
</tbody></table>
${settings.length ? html`<h3>Settings</h3>${table(['setting', 'value', ''], settings.map((s) => [s.name, typeof s.value === 'string' ? s.value : JSON.stringify(s.value), s.is_default ? 'default' : 'set']))}` : ''}
${d.cgroup_limits.length ? html`<h3>Cgroup limits</h3>${table(['file', 'value', 'cgroup'], d.cgroup_limits.map((l) => [l.file, l.value, `${l.cgroup_version}${l.controllers ? ` ${l.controllers}` : ''} ${l.cgroup_path}`]))}` : ''}
${d.config.ports.length ? html`<h3>Ports</h3>${table(['container port', 'host'], d.config.ports.map((p) => [`${p.container_port}/${p.proto}`, p.host_port === null ? 'exposed' : `${p.host_ip || '0.0.0.0'}:${p.host_port}`]))}` : ''}
${d.config.mounts.length ? html`<h3>Binds and volumes</h3>${table(['destination', 'type', 'source', 'rw', 'volume'], d.config.mounts.map((m) => [m.destination, m.type, m.source, m.rw ? 'rw' : 'ro', m.name]))}` : ''}
${folded(`Environment (${d.config.env.length})`, d.config.env.length ? table(['name', 'value'], d.config.env.map((e) => [e.name, e.value])) : null)}
${folded(`Labels (${Object.keys(d.config.labels).length})`, Object.keys(d.config.labels).length ? table(['key', 'value'], Object.entries(d.config.labels)) : null)}
${d.processes.length ? html`<h3>Processes (${d.processes.length})</h3>${processes(d, lists)}` : ''}
${d.layers.length ? folded(`Layers (${d.layers.length})`, table(['position', 'role', 'layer'], d.layers.map((l) => [l.position, l.role, l.layer_id]))) : ''}
${d.files.length ? html`<h3>Files (${d.files.length})</h3>${d.files.map((f) => fileSection(f, label))}` : ''}
${d.log ? logSection(d.log, label) : ''}
</details>\n`;
}

/**
 * At most this many characters of a file's content: the page stays a few MiB at 200 containers
 * (a runtime's state.json alone is some 30 KB a container); `docksnap cat` prints the whole file.
 */
const FILE_CHARACTERS = 1024;

function fileSection(f: ReportContainer['files'][number], label: string): Html {
  const content = f.content === null ? '(not kept: over its size cap)' : f.encoding === 'utf8' ? f.content : `(not UTF-8; base64) ${f.content}`;
  const cut = content.length > FILE_CHARACTERS;
  return html`<details><summary>${f.role} — ${f.size} bytes, sha256 ${f.sha256?.slice(0, 16) ?? 'unknown'}…</summary><div class="muted">${f.path}</div>${cut ? html`<p class="muted">the first ${FILE_CHARACTERS} of ${content.length} characters: docksnap cat SNAP ${label} ${f.role}</p>` : ''}<pre>${elementText(cut ? content.slice(0, FILE_CHARACTERS) : content)}</pre></details>`;
}

/** At most this many of a log tail's last records: the page stays small at 200 containers; `docksnap cat` prints the whole tail. */
const LOG_RECORDS = 20;

function logSection(log: NonNullable<ReportContainer['log']>, label: string): Html {
  const shown = log.records.slice(-LOG_RECORDS);
  const earlier = log.records.length - shown.length;
  return folded(
    `Log tail (last ${shown.length} of ${log.records.length} records stored; the log is ${log.size} bytes)`,
    html`${earlier ? html`<p class="muted">${earlier} earlier records: docksnap cat SNAP ${label} log</p>` : ''}<pre>${elementText(shown.join('\n'))}</pre>`,
  );
}

/** Each process; the container's env and a mount namespace's table are listed once. */
function processes(d: ReportContainer, lists: ListedOnce | undefined): Html[] {
  const env = new Set(d.config.env.map((e) => `${e.name}=${e.value ?? ''}`));
  const tableOf = new Map<string, number>();
  return d.processes.map((p) => {
    const mountsOf = tableOf.get(p.mnt_ns);
    if (mountsOf === undefined) tableOf.set(p.mnt_ns, p.pid);
    return processSection(p, { env, mountsOf, lists });
  });
}

function folded(summary: string, body: Html | null): Html {
  return body ? html`<details><summary>${summary}</summary>${body}</details>` : html``;
}
