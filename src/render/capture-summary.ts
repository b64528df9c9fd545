import type { CaptureSummary } from '../capture.js';

/** The end-of-capture lines for stderr: one summary line, and one warning when permission was denied. */
export function renderCaptureSummary(summary: CaptureSummary, context: { root: boolean }): string {
  let text = `captured ${summary.containers} containers, ${summary.processes} processes, ${summary.fds} fds, ${summary.sockets} sockets, ${summary.errors} errors in ${summary.seconds.toFixed(2)} s\n`;
  if (summary.permissionDenied.length > 0) {
    const examples = summary.permissionDenied.slice(0, 3).join(', ');
    const more = summary.permissionDenied.length > 3 ? ` and ${summary.permissionDenied.length - 3} more` : '';
    const hint = context.root ? '' : ' (run as root for a full capture)';
    text += `docksnap: warning — partial capture: permission denied for ${examples}${more}${hint}\n`;
  }
  return text;
}
