/** The small text files Docker writes for a container (hostname, hosts, resolv.conf), parsed for the files.parsed column. */

export function parseHostname(text: string): { hostname: string } {
  return { hostname: (text.split('\n', 1)[0] ?? '').trim() };
}

export interface HostsEntry {
  readonly address: string;
  readonly names: string[];
}

/** /etc/hosts lines: address then names; comments and blank lines dropped. */
export function parseHosts(text: string): { entries: HostsEntry[] } {
  const entries: HostsEntry[] = [];
  for (const line of contentLines(text, /#.*$/)) {
    const [address, ...names] = line.split(/\s+/);
    if (address) entries.push({ address, names });
  }
  return { entries };
}

export interface ResolvConf {
  readonly nameservers: string[];
  readonly search: string[];
  readonly options: string[];
  readonly domain: string | null;
}

/** resolv.conf: nameserver, search, domain and options lines; other lines ignored. */
export function parseResolvConf(text: string): ResolvConf {
  const nameservers: string[] = [];
  const search: string[] = [];
  const options: string[] = [];
  let domain: string | null = null;
  for (const line of contentLines(text, /[#;].*$/)) {
    const [keyword, ...values] = line.split(/\s+/);
    if (keyword === 'nameserver' && values[0]) nameservers.push(values[0]);
    else if (keyword === 'search') search.push(...values);
    else if (keyword === 'options') options.push(...values);
    else if (keyword === 'domain' && values[0]) domain = values[0];
  }
  return { nameservers, search, options, domain };
}

function contentLines(text: string, comment: RegExp): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(comment, '').trim())
    .filter((line) => line !== '');
}
