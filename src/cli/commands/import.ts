import { EXIT } from '../../errors.js';
import { defineCommand } from '../command.js';
import { withOutputFile } from '../options.js';

export const importCommand = defineCommand({
  command: 'import <bundle>',
  describe: "Verify a bundle, then write its snapshot file (nothing is written if a check fails)",
  examples: [
    ['$0 import report.tar.gz', 'write report.imported.db in the current directory'],
    ['$0 import report.tar.gz -o host-a.db', 'write host-a.db (fails if it exists; --force replaces it)'],
  ],
  builder: (yargs) => withOutputFile(yargs.positional('bundle', { type: 'string', demandOption: true, describe: 'Bundle file (.tar or .tar.gz)' }), 'Snapshot file'),
  run: async (args, io) => {
    const { importBundle } = await import('../../bundle/import.js');
    const { path } = await importBundle(args.bundle, { output: args.output, force: args.force });
    io.stdout.write(`${path}\n`);
    return EXIT.ok;
  },
});
