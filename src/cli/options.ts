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

/** --proc-root: the /proc tree to read, live or saved. */
export function withProcRoot<T>(yargs: Argv<T>) {
  return yargs.option('proc-root', { type: 'string', default: '/proc', describe: 'The /proc tree to read (live, or a saved copy)' });
}
