import type { ContainerDetail } from '../read/container.js';
import type { ContainerSetting } from '../read/container-settings.js';
import { collapse } from './collapse.js';
import { line } from './escape.js';
import { renderPortsText } from './ports-text.js';
import { describeEngine } from './container-engine.js';
import { renderTable } from './table.js';

/**
 * `show --container`: everything the snapshot holds, in sections; settings that differ from
 * Docker's defaults first, long lists cut with a count (--json has all).
 */
export function renderContainerText(detail: ContainerDetail): string {
  const c = detail.container;
  const lines = [
    line`container  ${c.name ?? '-'}  ${c.id}`,
    line`image      ${c.image_name ?? '-'}  ${c.image_id ?? ''}`.trimEnd(),
    line`command    ${[c.path, ...c.args].filter((a) => a !== null).join(' ')}`,
    line`state      ${c.state}  pid ${c.pid ?? '-'}  exit ${c.exit_code ?? '-'}  created ${c.created_at ?? '-'}  started ${c.started_at ?? '-'}  finished ${c.finished_at ?? '-'}  restarts ${c.restart_count ?? '-'}`,
    line`config     ${c.config_format} (${c.source})  network ${c.network_mode ?? '-'}  restart ${c.restart_policy ?? '-'}  hostname ${c.hostname ?? '-'}`,
    line`storage    ${c.storage_driver ?? '-'}  mount ${c.mount_id ?? '-'}`,
    line`engine     ${describeEngine(c)}`,
    line`log        ${c.log_path ?? '-'}  driver ${c.log_driver ?? '-'}`,
  ];
  let text = `${lines.join('\n')}\n`;
  const section = (title: string, body: string) => (text += `\n${title}\n${body}`);
  if (detail.settings.length) section('SETTINGS', settingsText(detail.settings));
  if (detail.cgroup_limits.length) {
    section('CGROUP LIMITS', renderTable(['FILE', 'VALUE', 'CGROUP'], detail.cgroup_limits.map((l) => [l.file, l.value, `${l.cgroup_version}${l.controllers ? ` ${l.controllers}` : ''} ${l.cgroup_path}`])));
  }
  if (detail.config.ports.length) section('PORTS', renderTable(['PORT', 'HOST'], detail.config.ports.map((p) => [`${p.container_port}/${p.proto}`, p.host_port === null ? 'exposed' : `${p.host_ip || '0.0.0.0'}:${p.host_port}`])));
  if (detail.config.mounts.length) section('BINDS AND VOLUMES', renderTable(['DESTINATION', 'TYPE', 'SOURCE', 'RW', 'VOLUME'], detail.config.mounts.map((m) => [m.destination, m.type, m.source, m.rw ? 'rw' : 'ro', m.name])));
  if (detail.config.env.length) section(`ENV (${detail.config.env.length})`, collapse(detail.config.env.map((e) => line`${e.name}=${e.value ?? ''}\n`), 20));
  const labels = Object.entries(detail.config.labels);
  if (labels.length) section(`LABELS (${labels.length})`, collapse(labels.map(([k, v]) => line`${k}=${v}\n`), 20));
  for (const p of detail.processes) {
    section(line`PROCESS ${p.pid} (${p.comm ?? '?'}) ppid ${p.ppid ?? '-'}  ${p.argv.join(' ')}`, renderTable(['FD', 'TARGET'], p.fds.map((f) => [f.fd, f.target])));
    text += p.cgroups.map((g) => line`cgroup ${g.hierarchy_id}:${g.controllers}:${g.path}\n`).join('');
    text += line`ns     ${p.namespaces.map((n) => `${n.type}:${n.inode}`).join(' ')}\n`;
    text += line`ids    uid ${p.uids ?? '-'}  gid ${p.gids ?? '-'}\n`;
    const limits = p.limits.filter((l) => l.soft !== 'unlimited' || l.hard !== 'unlimited');
    if (limits.length) text += collapse(limits.map((l) => line`limit  ${l.name} ${l.soft}/${l.hard}${l.units ? ` ${l.units}` : ''}\n`), 8, `show --process ${p.pid} lists all`);
    if (p.mounts.length) text += collapse(p.mounts.map((m) => line`mount  ${m.mount_point} ${m.fs_type} ${m.source ?? '-'} ${m.mount_options ?? ''}${m.super_options ? ` ${m.super_options}` : ''}\n`), 15, `show --process ${p.pid} lists all`);
  }
  if (detail.monitors.length) section('MONITORS', renderTable(['PID', 'ROLE', 'COMMAND'], detail.monitors.map((m) => [m.pid, m.role, m.argv.join(' ') || m.comm])));
  if (detail.sockets.length) section('SOCKETS', renderPortsText(detail.sockets));
  if (detail.layers.length) section('LAYERS', renderTable(['POS', 'ROLE', 'LAYER'], detail.layers.map((l) => [l.position, l.role, l.layer_id])));
  if (detail.files.length) section('FILES (docksnap cat SNAP CONTAINER ROLE prints one)', renderTable(['ROLE', 'SIZE', 'SHA256', 'PATH'], detail.files.map((f) => [f.role, f.size, f.sha256?.slice(0, 16) ?? null, f.path])));
  if (detail.log) section(line`LOG ${detail.log.path} (${detail.log.size} bytes, tail from ${detail.log.tail_offset}, ${detail.log.records.length} records)`, detail.log.records.map((r) => line`${r}\n`).join(''));
  return text;
}

function settingsText(settings: readonly ContainerSetting[]): string {
  const set = settings.filter((s) => !s.is_default);
  const defaults = settings.filter((s) => s.is_default).map((s) => s.name);
  const value = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  return `${set.map((s) => line`${s.name.padEnd(18)} ${value(s.value)}\n`).join('')}${defaults.length ? `defaults: ${defaults.join(', ')}\n` : ''}`;
}
