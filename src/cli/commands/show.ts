import { EXIT } from '../../errors.js';
import { openSnapshot } from '../../open.js';
import { readShowReport } from '../../read/show.js';
import { renderJson } from '../../render/json.js';
import { renderShowText } from '../../render/show-text.js';
import { defineCommand } from '../command.js';
import { withJson } from '../options.js';

export const showCommand = defineCommand({
  command: 'show <snapshot>',
  describe: "Print a snapshot's capture metadata, daemon processes and containers",
  examples: [['$0 show before.db', 'summarise before.db']],
  builder: (yargs) => withJson(yargs.positional('snapshot', { type: 'string', demandOption: true, describe: 'Snapshot file' })),
  run: async (args, io) => {
    const db = openSnapshot(args.snapshot);
    try {
      const report = readShowReport(db);
      io.stdout.write(args.json ? renderJson(report) : renderShowText(report, db.path));
    } finally {
      db.close();
    }
    return EXIT.ok;
  },
});
