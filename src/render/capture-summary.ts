import type { CaptureSummary } from '../capture.js';
import { escapeControl } from './escape.js';

/** The end-of-capture lines for stderr: one summary line, and one warning when permission was denied. */
export function renderCaptureSummary(summary: CaptureSummary, context: { root: boolean }): string {
  const strays = Object.entries(summary.unattributed);
  const strayCount = strays.reduce((sum, [, n]) => sum + n, 0);
  const unattributed = strays.length > 0 ? `, ${strayCount} unattributed` : '';
  let text = `captured ${summary.containers} containers, ${summary.processes} processes${unattributed} (${summary.runningContainers} running containers), ${summary.fds} fds, ${summary.sockets} sockets, ${summary.errors} errors in ${summary.seconds.toFixed(2)} s\n`;
  if (strays.length > 0) {
    const named = strays.slice(0, 3).map(([id, n]) => `${id.slice(0, 12)} (${n})`).join(', ');
    const more = strays.length > 3 ? ` and ${strays.length - 3} more` : '';
    text += `docksnap: warning — ${strayCount} processes in ${strays.length} containers of no engine read, kept as unattributed: ${named}${more}\n`;
  }
  for (const warning of summary.warnings) text += `docksnap: warning — ${escapeControl(warning)}\n`;
  if (summary.permissionDenied.length > 0) {
    const hint = context.root ? '' : ' (run as root for a full capture)';
    text += `docksnap: warning — partial capture: permission denied for ${escapeControl(describeDenied(summary.permissionDenied))}${hint}\n`;
  }
  return text;
}

const PHASE_NAMES: Readonly<Record<string, string>> = {
  api: 'the Docker API',
  'docker-root': 'the Docker root',
  'exec-root': 'the exec root',
  'podman-root': 'the Podman storage root',
  host: 'host files',
  drift: "containers' writable layers",
};

/** One clause per collector, in a fixed order: "the Docker API (/version), /proc of 12 processes (…)". */
function describeDenied(denied: CaptureSummary['permissionDenied']): string {
  const byPhase = new Map<string, CaptureSummary['permissionDenied'][number][]>();
  for (const entry of denied) byPhase.set(entry.phase, [...(byPhase.get(entry.phase) ?? []), entry]);
  const clauses: string[] = [];
  for (const phase of ['api', 'docker-root', 'exec-root', 'podman-root', 'drift', 'host', 'proc']) {
    const entries = byPhase.get(phase);
    if (!entries) continue;
    const first = entries[0]?.path ?? entries[0]?.subject ?? '';
    if (phase === 'proc') {
      const processes = new Set(entries.map((e) => e.subject)).size;
      const files = [...new Set(entries.map((e) => (e.path ?? '').split('/').pop()))].slice(0, 4).join(', ');
      clauses.push(`/proc of ${processes} processes (${files})`);
    } else clauses.push(`${PHASE_NAMES[phase] ?? phase} (${first}${entries.length > 1 ? ` and ${entries.length - 1} more` : ''})`);
  }
  return clauses.join(', ');
}
