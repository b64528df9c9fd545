import type { Argv } from 'yargs';

/** --json: machine-readable output, described by a schema in schemas/. */
export function withJson<T>(yargs: Argv<T>) {
  return yargs.option('json', { type: 'boolean', default: false, describe: 'Print JSON (schema in schemas/) instead of text' });
}

/** -o/--output and --force: where a command writes its file, and whether it may replace one. */
export function withOutputFile<T>(yargs: Argv<T>, what: string) {
  return yargs
    .option('output', { alias: 'o', type: 'string', describe: `${what} to write` })
    .option('force', { type: 'boolean', default: false, describe: 'Replace the output file if it exists' });
}

/** --proc-root, --cgroup-root, --docker-root, --exec-root: the trees a capture reads, so the same code reads a live host, a fixture or a mounted disk. */
export function withRoots<T>(yargs: Argv<T>) {
  return yargs
    .option('proc-root', { type: 'string', describe: 'The /proc tree to read: live /proc (default when live) or a saved copy' })
    .option('cgroup-root', {
      type: 'string',
      describe: "The cgroup tree running containers' limits are read from: live /sys/fs/cgroup (default when live) or a saved copy",
    })
    .option('docker-root', {
      type: 'string',
      describe: "Docker data root (default: the API's DockerRootDir, else dockerd's --data-root, else /var/lib/docker)",
    })
    .option('exec-root', { type: 'string', describe: "Docker exec root (default: dockerd's --exec-root, else /var/run/docker)" });
}
