import { writeFileSync } from 'node:fs';
import { EXIT } from '../../errors.js';
import { writeAtomically } from '../../util/atomic-write.js';
import { defineCommand } from '../command.js';
import { withOutputFile } from '../options.js';

export const reportCommand = defineCommand({
  command: 'report <a> [b]',
  describe: 'Write a self-contained HTML report of a snapshot, or of the diff of two',
  examples: [
    ['$0 report case.db -o case.html', 'the snapshot as a page to open from disk, search and attach'],
    ['$0 report before.db after.db -o changes.html', 'what changed, grouped by entity, before and after side by side'],
    ['$0 report bundle.tar.gz -o report.html', 'the report of a bug-report bundle'],
  ],
  builder: (yargs) =>
    withOutputFile(
      yargs
        .positional('a', { type: 'string', demandOption: true, describe: 'Snapshot file or bundle (A, before, in two-snapshot mode)' })
        .positional('b', { type: 'string', describe: 'A second snapshot or bundle: report the diff from A to B' }),
      'HTML file (default: standard output)',
    ),
  run: async (args, io) => {
    // The report's renderers are loaded only for this command, as capture's collectors are.
    const { buildReport } = await import('../../report.js');
    const page = await buildReport(args.a, args.b);
    if (args.output === undefined) io.stdout.write(page);
    else {
      await writeAtomically(args.output, { force: args.force }, (temp) => writeFileSync(temp, page));
      io.stdout.write(`${args.output}\n`);
    }
    return EXIT.ok;
  },
});
