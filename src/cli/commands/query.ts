import { EXIT } from '../../errors.js';
import { openSnapshot } from '../../open.js';
import { renderQueryJson, renderQueryText } from '../../render/query.js';
import { defineCommand } from '../command.js';
import { withJson } from '../options.js';

export const queryCommand = defineCommand({
  command: 'query <snapshot> <sql>',
  describe: 'Run one read-only SQL statement over a snapshot (tables: see schemas/snapshot.sql)',
  examples: [
    ["$0 query before.db \"SELECT pid, comm FROM processes WHERE role = 'dockerd'\"", 'the captured dockerd'],
    ["$0 query before.db \"SELECT * FROM capture_error\" --json", 'what the capture missed, as JSON'],
  ],
  builder: (yargs) =>
    withJson(
      yargs
        .positional('snapshot', { type: 'string', demandOption: true, describe: 'Snapshot file, or a bundle' })
        .positional('sql', { type: 'string', demandOption: true, describe: 'One SELECT (or other read-only) statement' }),
    ),
  run: async (args, io) => {
    const db = await openSnapshot(args.snapshot);
    try {
      const result = db.query(args.sql);
      io.stdout.write(args.json ? renderQueryJson(result) : renderQueryText(result));
    } finally {
      db.close();
    }
    return EXIT.ok;
  },
});
