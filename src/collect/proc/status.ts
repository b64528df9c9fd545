export interface ProcStatus {
  readonly uids: string | null;
  readonly gids: string | null;
  readonly threads: number | null;
  readonly vm_rss_kib: number | null;
  readonly nspid: string | null;
}

/** Parses the lines of /proc/PID/status that docksnap keeps. */
export function parseStatus(text: string): ProcStatus {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1).trim());
  }
  const spaced = (key: string) => fields.get(key)?.split(/\s+/).join(' ') ?? null;
  const number = (key: string) => {
    const value = Number.parseInt(fields.get(key) ?? '', 10);
    return Number.isNaN(value) ? null : value;
  };
  return { uids: spaced('Uid'), gids: spaced('Gid'), threads: number('Threads'), vm_rss_kib: number('VmRSS'), nspid: spaced('NSpid') };
}
