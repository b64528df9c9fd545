import type { BundleManifest } from './manifest.js';
import type { BundleSummary } from './summary-data.js';

type Cell = string | number | null | undefined;

/** summary.md: the bundle for a reader without docksnap. Values come from the redacted snapshot. */
export function renderSummary(summary: BundleSummary, manifest: Omit<BundleManifest, 'members' | 'manifest_sha256'>): string {
  const s = summary.snapshot;
  const r = manifest.redaction;
  const redaction = r.enabled
    ? `on (rules ${r.rules_version ?? '-'}, key fingerprint ${r.key_fingerprint ?? '-'}, ${r.values_replaced ?? 0} values replaced)`
    : 'OFF: exported with --no-redact, values are as captured';
  return [
    `# docksnap bundle: ${escape(s.host_name ?? 'unknown host')}`,
    '',
    table(
      ['Item', 'Value'],
      [
        ['Host', s.host_name],
        ['Kernel', s.kernel_release],
        ['Docker version', s.docker_version],
        ['Storage driver', s.storage_driver],
        ['Captured', `${s.started_at} (${s.mode}), docksnap ${s.tool_version}`],
        ['Exported', `${manifest.created_at}, docksnap ${manifest.tool.version}`],
        ['Redaction', redaction],
        ['Log tails', manifest.log_tails],
      ],
    ),
    `## Containers (${summary.containers.length})`,
    '',
    table(['Name', 'ID', 'State', 'Image', 'PID', 'Engine'], summary.containers.map((c) => [c.name, c.id.slice(0, 12), c.state, c.image, c.pid || null, c.engine])),
    `## Listening ports (${summary.ports.length})`,
    '',
    table(
      ['Proto', 'Address', 'Port', 'PID', 'Process', 'Container'],
      summary.ports.map((p) => [p.proto, p.address, p.port, p.pid, p.process, p.container]),
    ),
    `## Capture errors (${summary.errors.length})`,
    '',
    table(['Phase', 'Subject', 'Path', 'Message'], summary.errors.map((e) => [e.phase, e.subject, e.path, e.message])),
  ].join('\n');
}

function table(headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
  if (rows.length === 0) return 'None.\n';
  const line = (cells: readonly Cell[]) => `| ${cells.map((c) => (c === null || c === undefined || c === '' ? '-' : escape(String(c)))).join(' | ')} |`;
  return `${[line(headers), `|${headers.map(() => ' --- ').join('|')}|`, ...rows.map(line)].join('\n')}\n`;
}

/** A cell or heading stays one line and cannot open a table column or HTML. */
function escape(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/([|\\`*_<>[\]])/g, '\\$1');
}
