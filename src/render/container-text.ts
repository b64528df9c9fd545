import type { ContainerDetail } from '../read/container.js';
import { escapeLines, line } from './escape.js';
import { renderPortsText } from './ports-text.js';
import { renderTable } from './table.js';

export function renderContainerText(detail: ContainerDetail): string {
  const c = detail.container;
  const lines = [
    line`container  ${c.name ?? '-'}  ${c.id}`,
    line`image      ${c.image_name ?? '-'}  ${c.image_id ?? ''}`.trimEnd(),
    line`command    ${[c.path, ...c.args].filter((a) => a !== null).join(' ')}`,
    line`state      ${c.state}  pid ${c.pid ?? '-'}  started ${c.started_at ?? '-'}  finished ${c.finished_at ?? '-'}  restarts ${c.restart_count ?? '-'}`,
    line`config     ${c.config_format} (${c.source})  network ${c.network_mode ?? '-'}  restart ${c.restart_policy ?? '-'}  driver ${c.storage_driver ?? '-'}  mount ${c.mount_id ?? '-'}`,
    line`engine     ${c.engine_id ?? 'docker'}${c.pod_id ? `  pod ${c.pod_id}` : ''}`,
    line`log        ${c.log_path ?? '-'}`,
  ];
  let text = `${lines.join('\n')}\n`;
  const section = (title: string, body: string) => (text += `\n${title}\n${body}`);
  if (detail.config.env.length) section('ENV', detail.config.env.map((e) => line`${e.name}=${e.value ?? ''}\n`).join(''));
  const labels = Object.entries(detail.config.labels);
  if (labels.length) section('LABELS', labels.map(([k, v]) => line`${k}=${v}\n`).join(''));
  if (detail.config.ports.length) section('PORTS', renderTable(['PORT', 'HOST'], detail.config.ports.map((p) => [`${p.container_port}/${p.proto}`, p.host_port === null ? 'exposed' : `${p.host_ip || '0.0.0.0'}:${p.host_port}`])));
  if (detail.config.mounts.length) section('MOUNTS', renderTable(['DESTINATION', 'TYPE', 'SOURCE', 'RW'], detail.config.mounts.map((m) => [m.destination, m.type, m.source, m.rw ? 'rw' : 'ro'])));
  for (const p of detail.processes) {
    section(line`PROCESS ${p.pid} (${p.comm ?? '?'}) ppid ${p.ppid ?? '-'}  ${p.argv.join(' ')}`, renderTable(['FD', 'TARGET'], p.fds.map((f) => [f.fd, f.target])));
    text += p.cgroups.map((g) => line`cgroup ${g.hierarchy_id}:${g.controllers}:${g.path}\n`).join('');
    const rootMount = p.mounts.find((m) => m.mount_point === '/');
    if (rootMount) text += line`root   ${rootMount.fs_type} ${rootMount.source ?? ''} ${rootMount.super_options ?? ''}\n`;
    text += line`ns     ${p.namespaces.map((n) => `${n.type}:${n.inode}`).join(' ')}\n`;
  }
  if (detail.monitors.length) section('MONITORS', renderTable(['PID', 'ROLE', 'COMMAND'], detail.monitors.map((m) => [m.pid, m.role, m.argv.join(' ') || m.comm])));
  if (detail.sockets.length) section('SOCKETS', renderPortsText(detail.sockets));
  if (detail.layers.length) section('LAYERS', renderTable(['POS', 'ROLE', 'LAYER'], detail.layers.map((l) => [l.position, l.role, l.layer_id])));
  if (detail.files.length) section('FILES', renderTable(['ROLE', 'SIZE', 'SHA256', 'PATH'], detail.files.map((f) => [f.role, f.size, f.sha256.slice(0, 16), f.path])));
  if (detail.log) section(line`LOG ${detail.log.path} (${detail.log.size} bytes, tail from ${detail.log.tail_offset})`, escapeLines(detail.log.tail.endsWith('\n') ? detail.log.tail : `${detail.log.tail}\n`));
  return text;
}
