import { execFileSync, spawnSync } from 'node:child_process';

/** What the benchmark runs besides docksnap, with the Debian package that provides it. */
const TOOLS: readonly [command: string, pkg: string][] = [
  ['cc', 'gcc'],
  ['curl', 'curl'],
  ['lsof', 'lsof'],
  ['/usr/bin/time', 'time'],
];

/**
 * Installs the missing tools from Debian's packages, saying which and why first.
 * @throws Error naming the packages when it cannot (not root, no apt-get).
 */
export function ensureBenchTools(): void {
  const missing = TOOLS.filter(([command]) => !commandExists(command)).map(([, pkg]) => pkg);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) throw new Error(`the benchmark needs the Debian packages ${missing.join(' ')}: not root, install them`);
  if (!commandExists('apt-get')) throw new Error(`the benchmark needs the Debian packages ${missing.join(' ')}: no apt-get, install them`);
  process.stderr.write(`docksnap bench: installing ${missing.join(' ')} with apt-get (the floor is compiled with cc, replays the API with curl; the scripted collection runs lsof; runs are timed with /usr/bin/time)\n`);
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

function commandExists(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v "$0"`, command], { stdio: 'ignore' }).status === 0;
}
