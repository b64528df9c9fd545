import type { ShowReport } from '../read/show.js';
import { line } from './escape.js';
import { renderTable } from './table.js';

export function renderShowText(report: ShowReport, path: string): string {
  const s = report.snapshot;
  const seconds = (Date.parse(s.finished_at) - Date.parse(s.started_at)) / 1000;
  const lines = [
    line`snapshot   ${path}`,
    line`host       ${s.host_name ?? '-'}  boot ${s.boot_id ?? '-'}  kernel ${s.kernel_release ?? '-'}  cgroup ${s.cgroup_version ?? '-'}`,
    line`captured   ${s.started_at}  ${s.mode}, ${seconds.toFixed(2)} s, docksnap ${s.tool_version}`,
    line`docker     ${s.docker_version ?? '-'}  api ${s.docker_host ?? '-'}  driver ${s.storage_driver ?? '-'}`,
    line`roots      docker ${s.docker_root ?? '-'}  exec ${s.exec_root ?? '-'}  proc ${s.proc_root ?? '-'}`,
    `errors     ${report.capture_errors.length}`,
  ];
  let text = `${lines.join('\n')}\n`;
  if (report.daemons.length > 0) {
    text += `\nDOCKERD (${report.daemons.length} found; the captured one first)\n`;
    text += renderTable(
      ['PID', 'CAPTURED', 'DATA ROOT', 'EXEC ROOT', 'HOSTS'],
      report.daemons.map((d) => [d.pid, d.captured ? 'yes' : 'no', d.data_root, d.exec_root, d.hosts.join(' ')]),
    );
  }
  if (report.engines.length > 0) {
    text += `\nENGINES (${report.engines.length})\n`;
    text += renderTable(
      ['ID', 'VERSION', 'API', 'RUN ROOT', 'DRIVER', 'STATE DB', 'CONTAINERS'],
      report.engines.map((e) => [e.id, e.version, e.endpoint ? `${e.endpoint}${e.api_answered ? '' : ' (no answer)'}` : null, e.run_root, e.storage_driver, e.state_db, e.container_count]),
    );
  }
  if (report.id_maps.length > 0) {
    text += `\nUSER NAMESPACES (${new Set(report.id_maps.map((m) => m.engine_id)).size}): daemons not in the host's user namespace (rootless); ids inside and what they are on the host\n`;
    text += renderTable(
      ['ENGINE', 'PID', 'IDS', 'INSIDE', 'HOST', 'COUNT'],
      report.id_maps.map((m) => [m.engine_id, m.pid, m.kind, idRange(m.inside_id, m.count), idRange(m.outside_id, m.count), m.count]),
    );
  }
  if (report.daemon_processes.length > 0) {
    text += `\nDAEMON PROCESSES (${report.daemon_processes.length})\n`;
    text += renderTable(
      ['PID', 'PPID', 'ROLE', 'COMMAND'],
      report.daemon_processes.map((p) => [p.pid, p.ppid, p.role, p.argv.join(' ') || p.comm]),
    );
  }
  text += `\nCONTAINERS (${report.containers.length})\n`;
  text += renderTable(
    ['ID', 'NAME', 'IMAGE', 'STATE', 'PID', 'STARTED', 'ENGINE'],
    report.containers.map((c) => [c.id.slice(0, 12), c.name, c.image, c.state, c.pid || null, c.started_at, c.engine]),
  );
  if (report.unattributed_processes.length > 0) {
    text += `\nUNATTRIBUTED PROCESSES (${report.unattributed_processes.length}): in a container cgroup of no engine read\n`;
    text += renderTable(
      ['PID', 'CONTAINER', 'COMMAND'],
      report.unattributed_processes.map((p) => [p.pid, p.container_id?.slice(0, 12) ?? null, p.argv.join(' ') || p.comm]),
    );
  }
  if (report.capture_errors.length > 0) {
    text += `\nCAPTURE ERRORS (${report.capture_errors.length})\n`;
    text += renderTable(
      ['PHASE', 'SUBJECT', 'PATH', 'MESSAGE'],
      report.capture_errors.map((e) => [e.phase, e.subject, e.path, e.message]),
    );
  }
  return text;
}

/** `first` or `first-last`: the ids a map line covers. */
export function idRange(first: number, count: number): string {
  return count === 1 ? String(first) : `${first}-${first + count - 1}`;
}
