import type { ProcessView } from '../read/process.js';
import type { FdContext, PeerRef } from '../read/fd-peers.js';
import { collapse } from './collapse.js';
import { line } from './escape.js';
import { renderTable } from './table.js';

/** `show --process PID` / `show --daemon`: the process, its parents, and every fd with what it leads to. */
export function renderProcessText(p: ProcessView): string {
  let text = [
    line`process    ${p.pid} (${p.comm ?? '?'})  ${p.role}${p.container ? `  container ${p.container}` : ''}`,
    line`command    ${p.argv.join(' ')}`,
    line`exe        ${p.exe ?? '-'}  cwd ${p.cwd ?? '-'}  root ${p.root ?? '-'}`,
    line`state      ${p.state ?? '-'}  threads ${p.threads ?? '-'}  rss ${p.vm_rss_kib ?? '-'} KiB  oom_score_adj ${p.oom_score_adj ?? '-'}  start ${p.start_time ?? '-'}`,
    line`ids        uid ${p.uids ?? '-'}  gid ${p.gids ?? '-'}  nspid ${p.nspid ?? '-'}`,
    '',
  ].join('\n');
  const section = (title: string, body: string) => (text += `\n${title}\n${body}`);
  section(
    'PARENTS',
    p.parents.length === 0
      ? 'none recorded\n'
      : p.parents.map((a, i) => line`${'  '.repeat(i)}↑ ${a.pid} ${a.captured ? `${a.comm ?? '?'} [${a.role}${a.container ? ` ${a.container}` : ''}]  ${a.argv.join(' ')}` : `(${a.note})`}\n`).join(''),
  );
  section(`FDS (${p.fds.length})`, p.fds.length ? renderTable(['FD', 'TARGET', 'LEADS TO'], p.fds.map((f) => [f.fd, f.target, leadsTo(f)])) : 'none recorded\n');
  if (p.cgroups.length) section('CGROUPS', p.cgroups.map((g) => line`${g.hierarchy_id}:${g.controllers}:${g.path}\n`).join(''));
  if (p.namespaces.length) section('NAMESPACES', p.namespaces.map((n) => line`${n.type}:[${n.inode}]\n`).join(''));
  if (p.limits.length) section('LIMITS', renderTable(['LIMIT', 'SOFT', 'HARD', 'UNITS'], p.limits.map((l) => [l.name, l.soft, l.hard, l.units])));
  if (p.environ.length) section(`ENVIRON (${p.environ.length})`, collapse(p.environ.map((e) => line`${e.name}=${e.value ?? ''}\n`), 20));
  if (p.mounts.length) section(`MOUNTS (${p.mounts.length})`, collapse(p.mounts.map((m) => line`${m.source ?? '-'} ${m.mount_point} ${m.fs_type} ${m.mount_options ?? ''}\n`), 30));
  return text;
}

/** What an fd leads to: the socket's ends and the peer process, the pipe's other holders, whose file it is. */
export function leadsTo(f: FdContext): string {
  const parts: string[] = [];
  const s = f.socket;
  if (s) parts.push(s.proto === 'unix' ? `unix ${s.socket_type ?? ''} ${s.state}${s.path ? ` ${s.path}` : ''}` : `${s.proto} ${s.local_address}:${s.local_port} → ${s.remote_address}:${s.remote_port} ${s.state}`);
  if (f.peers.length) parts.push(`peer ${f.peers.map(peerText).join(', ')}`);
  if (f.note) parts.push(f.note);
  return parts.join('; ');
}

function peerText(p: PeerRef): string {
  return `${p.pid} ${p.process ?? '?'} fd ${p.fd}${p.container ? ` (${p.container})` : ''}`;
}
