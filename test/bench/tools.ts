import { execFileSync, spawnSync } from 'node:child_process';

/** What the benchmark runs besides docksnap, with the Debian package that provides it. */
const TOOLS: readonly [command: string, pkg: string][] = [
  ['cc', 'gcc'],
  ['curl', 'curl'],
  ['lsof', 'lsof'],
  ['/usr/bin/time', 'time'],
];

/** Installs the missing tools from Debian's packages when root. @throws Error naming what is missing otherwise */
export function ensureBenchTools(): void {
  const missing = TOOLS.filter(([command]) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status !== 0).map(([, pkg]) => pkg);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) throw new Error(`the benchmark needs ${missing.join(', ')} (Debian packages); install them or run as root`);
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}
