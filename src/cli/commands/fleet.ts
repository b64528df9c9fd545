import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { EXIT, OperationError, UsageError } from '../../errors.js';
import { line } from '../../render/escape.js';
import { describeError, errnoCode } from '../../util/errno.js';
import { defineCommand, type RegisteredCommand } from '../command.js';
import type { CliIo } from '../io.js';

function withBundleOptions<T>(yargs: Argv<T>) {
  return yargs
    .option('package', { type: 'string', describe: 'A packed docksnap (.tgz of npm pack) to copy to each host and npm install -g into docksnap_prefix (default /opt/docksnap)' })
    .option('redact', { type: 'boolean', default: true, describe: 'Redact the bundles with one key for all hosts; --no-redact keeps values as captured' })
    .option('redact-key-file', { type: 'string', describe: 'HMAC key copied to each host (mode 0600, removed after) (default $XDG_CONFIG_HOME/docksnap/redact.key, created 0600)' })
    .option('logs', { type: 'boolean', default: true, describe: "Include containers' log tails; --no-logs leaves them out" });
}

const keyCreated = (io: CliIo) => (key: string) =>
  io.stderr.write(`${line`docksnap: new key created at ${key}`} (mode 0600); keep it: bundles compare only when exported with the same key\n`);

const playbookCommand = defineCommand({
  command: 'playbook',
  describe: 'Print the Ansible playbook that captures every inventory host and fetches its bundle',
  examples: [
    ['$0 fleet playbook --dir /srv/fleet -o fleet.yml', 'write the playbook; then: ansible-playbook -i hosts fleet.yml'],
    ['$0 fleet playbook --package docksnap-0.1.0.tgz', 'a playbook that installs this package on every host first'],
  ],
  builder: (yargs) =>
    withBundleOptions(yargs)
      .option('dir', { type: 'string', default: 'fleet', describe: 'Controller directory that receives <dir>/<inventory host>/<inventory host>.tar.gz and status.json' })
      .option('output', { alias: 'o', type: 'string', describe: 'Write the playbook to this file (fails if it exists; --force replaces it)' })
      .option('force', { type: 'boolean', default: false, describe: 'Replace the output file if it exists' }),
  run: async (args, io) => {
    const [{ playbookOptions }, { renderPlaybook }] = await Promise.all([import('../../fleet/capture.js'), import('../../fleet/playbook.js')]);
    const text = renderPlaybook(
      playbookOptions({ outDir: args.dir, redact: args.redact, redactKeyFile: args.redactKeyFile, packageFile: args.package, logs: args.logs, cwd: io.cwd, env: io.env, onKeyCreated: keyCreated(io) }),
    );
    if (args.output === undefined) {
      io.stdout.write(text);
      return EXIT.ok;
    }
    const path = resolve(io.cwd, args.output);
    try {
      writeFileSync(path, text, { flag: args.force ? 'w' : 'wx', mode: 0o644 });
    } catch (error) {
      if (errnoCode(error) === 'EEXIST') throw new UsageError(path, 'exists; give --force to replace it');
      throw new OperationError(path, `cannot be written: ${describeError(error)}`);
    }
    io.stdout.write(`${path}\n`);
    return EXIT.ok;
  },
});

const captureCommand = defineCommand({
  command: 'capture',
  describe: 'Run the playbook with ansible-playbook over an inventory, then list what each host gave',
  examples: [
    ['$0 fleet capture -i hosts -o fleet/', 'one bundle per host in fleet/<host>/, then: docksnap compare fleet/'],
    ['$0 fleet capture -i hosts -o fleet/ --limit web --forks 20 -- --become', 'the web group, 20 at a time, through sudo'],
  ],
  builder: (yargs) =>
    withBundleOptions(yargs)
      .option('inventory', { alias: 'i', type: 'string', demandOption: true, describe: 'Ansible inventory (file, directory or host list), as ansible-playbook -i takes it' })
      .option('output', { alias: 'o', type: 'string', demandOption: true, describe: 'Directory for the bundles and status files (new or empty)' })
      .option('limit', { type: 'string', describe: 'Only these hosts or groups (ansible-playbook --limit)' })
      .option('forks', { type: 'number', describe: 'Hosts worked on at once (ansible-playbook --forks)' })
      .epilogue('Arguments after -- go to ansible-playbook as given (--become, -e, -v, --private-key…).'),
  run: async (args, io) => {
    if (args.forks !== undefined && !(Number.isInteger(args.forks) && args.forks > 0)) throw new UsageError('--forks', 'must be a whole number above 0');
    const [{ fleetCapture }, { renderFleetSummary }] = await Promise.all([import('../../fleet/capture.js'), import('../../fleet/status.js')]);
    const { outcomes, outDir } = await fleetCapture({
      inventory: args.inventory,
      outDir: args.output,
      limit: args.limit,
      forks: args.forks,
      // yargs leaves what follows -- in _, after the command words (strict mode refuses any other positional).
      ansibleArgs: args._.slice(2).map(String),
      redact: args.redact,
      redactKeyFile: args.redactKeyFile,
      packageFile: args.package,
      logs: args.logs,
      cwd: io.cwd,
      env: io.env,
      onKeyCreated: keyCreated(io),
      onAnsibleOutput: (text) => io.stderr.write(text),
    });
    io.stdout.write(renderFleetSummary(outcomes, outDir));
    return outcomes.every((o) => o.status === 'collected') ? EXIT.ok : EXIT.failed;
  },
});

/** `docksnap fleet playbook|capture`: capture many hosts through Ansible. */
export const fleetCommand: RegisteredCommand = {
  command: 'fleet',
  describe: 'Capture many hosts through Ansible: print the playbook, or run it over an inventory',
  examples: [['$0 fleet capture -i hosts -o fleet/', 'a bundle from every host of the inventory']],
  subcommands: ['playbook', 'capture'],
  register: (yargs, io, report) =>
    yargs.command({
      command: 'fleet',
      describe: 'Capture many hosts through Ansible: print the playbook, or run it over an inventory',
      builder: (y: Argv) => {
        const withSubcommands = captureCommand.register(playbookCommand.register(y, io, report), io, report);
        return withSubcommands.demandCommand(1, 'give a fleet command: playbook or capture').example('$0 fleet capture -i hosts -o fleet/', 'a bundle from every host of the inventory');
      },
      handler: () => undefined,
    }),
};
