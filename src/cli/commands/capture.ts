import { capture } from '../../capture.js';
import { EXIT } from '../../errors.js';
import { defineCommand } from '../command.js';
import { withOutputFile, withProcRoot } from '../options.js';

export const captureCommand = defineCommand({
  command: 'capture',
  describe: 'Capture a snapshot of this Docker host into one SQLite file',
  examples: [
    ['$0 capture', 'write docksnap-<host>-<time>.db in the current directory'],
    ['$0 capture -o before.db', 'write before.db (fails if it exists; --force replaces it)'],
  ],
  builder: (yargs) =>
    withProcRoot(withOutputFile(yargs, 'Snapshot file')).option('quiet', {
      alias: 'q',
      type: 'boolean',
      default: false,
      describe: 'Print only the snapshot path',
    }),
  run: async (args, io) => {
    const summary = await capture({ output: args.output, force: args.force, procRoot: args.procRoot });
    if (!args.quiet) io.stderr.write(`captured in ${summary.seconds.toFixed(2)} s; ${summary.errors} capture errors\n`);
    io.stdout.write(`${summary.path}\n`);
    return EXIT.ok;
  },
});
