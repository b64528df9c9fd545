import { EXIT } from '../../errors.js';
import { listSnapshots } from '../../read/list.js';
import { line } from '../../render/escape.js';
import { renderJson } from '../../render/json.js';
import { renderListingText } from '../../render/listing-text.js';
import { defineCommand } from '../command.js';
import { withJson } from '../options.js';

export const lsCommand = defineCommand({
  command: 'ls [dir]',
  describe: 'List the snapshots in a directory, newest first',
  examples: [
    ['$0 ls', 'list the snapshots in the current directory'],
    ['$0 ls /srv/evidence --json', 'list them as JSON'],
  ],
  builder: (yargs) => withJson(yargs.positional('dir', { type: 'string', default: '.', describe: 'Directory to list' })),
  run: async (args, io) => {
    const { snapshots, skipped } = listSnapshots(args.dir);
    for (const file of skipped) io.stderr.write(`${line`docksnap: skipped ${file.path} — ${file.reason}`}\n`);
    io.stdout.write(args.json ? renderJson(snapshots) : renderListingText(snapshots));
    return EXIT.ok;
  },
});
