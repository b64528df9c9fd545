import { leadingWords } from '../command-words.js';

/** What a dockerd command line (any era) says about where the daemon keeps things. */
export interface DockerdFlags {
  readonly dataRoot: string | null;
  readonly execRoot: string | null;
  readonly pidfile: string | null;
  readonly hosts: string[];
  readonly containerd: string | null;
  readonly configFile: string | null;
}

/** Long and short spellings of the flags docksnap reads, across eras (-g/--graph became --data-root). */
const FLAG_NAMES: Readonly<Record<string, keyof Omit<DockerdFlags, 'hosts'> | 'hosts'>> = {
  '--data-root': 'dataRoot',
  '--graph': 'dataRoot',
  '-g': 'dataRoot',
  '--exec-root': 'execRoot',
  '--pidfile': 'pidfile',
  '-p': 'pidfile',
  '--host': 'hosts',
  '-H': 'hosts',
  '--containerd': 'containerd',
  '--config-file': 'configFile',
};

/** How the `docker` program of 0.x–1.7 was told to be the daemon. */
const DAEMON_FLAGS = new Set(['-d', '--daemon', '-d=true', '--daemon=true']);

/** Flags of the `docker` program before its subcommand that take the next word as their value. */
const GLOBAL_VALUE_FLAGS = new Set(['-H', '--host', '-l', '--log-level', '--config', '-c', '--context', '--tlscacert', '--tlscert', '--tlskey', ...Object.keys(FLAG_NAMES)]);

/**
 * dockerd (1.12+), `docker daemon` (1.8–1.11) or `docker -d` (0.x–1.7). Only what comes before the
 * subcommand counts: `docker -H … run -d` is a client starting a detached container.
 */
export function isDockerdCommand(argv: readonly string[]): boolean {
  const program = (argv[0] ?? '').split('/').pop() ?? '';
  if (program === 'dockerd') return true;
  if (program !== 'docker') return false;
  const { flags, words } = leadingWords(argv, 1, (flag) => GLOBAL_VALUE_FLAGS.has(flag));
  return words[0] === 'daemon' || flags.some((flag) => DAEMON_FLAGS.has(flag));
}

/** Reads --flag value, --flag=value, -H value, -H=value and -Hvalue (Go pflag forms). */
export function parseDockerdFlags(argv: readonly string[]): DockerdFlags {
  const found: { -readonly [K in keyof DockerdFlags]: DockerdFlags[K] } = {
    dataRoot: null,
    execRoot: null,
    pidfile: null,
    hosts: [],
    containerd: null,
    configFile: null,
  };
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    let name = arg;
    let value: string | undefined;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      name = arg.slice(0, eq);
      value = arg.slice(eq + 1);
    } else if (/^-[gpH]./.test(arg)) {
      name = arg.slice(0, 2);
      value = arg.slice(2).replace(/^=/, '');
    }
    const field = FLAG_NAMES[name];
    if (!field) continue;
    if (value === undefined) value = argv[++i];
    if (value === undefined) break;
    if (field === 'hosts') found.hosts.push(value);
    else found[field] = value;
  }
  return found;
}
