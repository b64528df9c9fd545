import { join } from 'node:path';
import { line } from '../render/escape.js';
import { readResolvedFile } from '../util/fs-readonly.js';
import { describeError } from '../util/errno.js';
import { SAFE_HOST, STATUS_FILE } from './playbook.js';

/** What became of one inventory host in a fleet run. */
export interface HostOutcome {
  readonly host: string;
  readonly status: 'collected' | 'failed' | 'unreachable';
  /** The bundle, relative to the output directory (collected hosts). */
  readonly bundle?: string;
  /** The playbook step that failed (failed and unreachable hosts). */
  readonly step?: string;
  /** Why it failed: the host's last error line or Ansible's message. */
  readonly message?: string;
}

const STATUS_CAP = 64 * 1024;
const STATUSES = new Set(['collected', 'failed', 'unreachable']);

/**
 * The outcome the playbook wrote for `host` in `<outDir>/<host>/status.json`. A host without a
 * readable status never finished (it became unreachable mid-run, or Ansible stopped): it counts
 * as unreachable. The file's text comes from the host (its error lines), so it is read bounded
 * and only its string fields are kept.
 */
export function readHostOutcome(outDir: string, host: string): HostOutcome {
  if (!SAFE_HOST.test(host)) return { host, status: 'failed', step: 'Check that the inventory name can name a directory', message: 'the inventory name is not a safe directory name' };
  const path = join(outDir, host, STATUS_FILE);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readResolvedFile(path, { cap: STATUS_CAP }).bytes.toString('utf8'));
  } catch (error) {
    return { host, status: 'unreachable', message: `no status written (${describeError(error)}): the host did not finish; see ansible-playbook's output` };
  }
  const record = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  const text = (key: string) => (typeof record[key] === 'string' ? (record[key] as string) : undefined);
  const status = text('status');
  if (status === undefined || !STATUSES.has(status)) return { host, status: 'failed', message: `unreadable status file ${path}` };
  const bundle = text('bundle');
  const step = text('step');
  const message = text('message');
  return { host, status: status as HostOutcome['status'], ...(bundle ? { bundle } : {}), ...(step ? { step } : {}), ...(message ? { message } : {}) };
}

/** One line per host (collected first, then failed, then unreachable), then the counts. */
export function renderFleetSummary(outcomes: readonly HostOutcome[], outDir: string): string {
  const order = { collected: 0, failed: 1, unreachable: 2 } as const;
  const sorted = [...outcomes].sort((a, b) => order[a.status] - order[b.status] || a.host.localeCompare(b.host));
  const width = Math.max(4, ...sorted.map((o) => o.host.length));
  const lines = sorted.map((o) => {
    const what = o.status === 'collected' ? o.bundle ?? '' : `${o.step ? `${o.step}: ` : ''}${o.message ?? ''}`;
    return line`${o.host.padEnd(width)}  ${o.status.padEnd(11)}  ${what}`;
  });
  const count = (status: HostOutcome['status']) => outcomes.filter((o) => o.status === status).length;
  lines.push(line`${count('collected')} collected, ${count('failed')} failed, ${count('unreachable')} unreachable, in ${outDir}`);
  return `${lines.join('\n')}\n`;
}
