/**
 * config.lxc, the LXC exec driver's container config (Docker 0.x to 1.9): `key = value` lines,
 * `#` comments. Keys come from the examined host, so the result has no prototype.
 */
export type LxcConfig = Record<string, string | string[]>;

/** key → value; a key that repeats (lxc.mount.entry, lxc.cgroup.devices.allow…) → array of values in order. */
export function parseLxcConfig(text: string): LxcConfig {
  const config: LxcConfig = Object.create(null) as LxcConfig;
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    const previous = Object.hasOwn(config, key) ? config[key] : undefined;
    if (previous === undefined) config[key] = value;
    else if (Array.isArray(previous)) previous.push(value);
    else config[key] = [previous, value];
  }
  return config;
}

/** The first value of a key (lxc.rootfs, lxc.utsname). */
export function lxcValue(config: LxcConfig, key: string): string | undefined {
  const value = Object.hasOwn(config, key) ? config[key] : undefined;
  return Array.isArray(value) ? value[0] : value;
}
