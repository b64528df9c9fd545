import { EXIT, InputError, UsageError } from '../../errors.js';
import { openSnapshot } from '../../open.js';
import { readContainerDetail } from '../../read/container.js';
import { findContainerId } from '../../read/find-container.js';
import { readDrift, readDriftEntry } from '../../read/drift.js';
import { readPorts } from '../../read/ports.js';
import { readShowReport } from '../../read/show.js';
import { renderContainerText } from '../../render/container-text.js';
import { renderDriftContents, renderDriftText } from '../../render/drift-text.js';
import { renderJson } from '../../render/json.js';
import { renderPortsText } from '../../render/ports-text.js';
import { renderShowText } from '../../render/show-text.js';
import { defineCommand } from '../command.js';
import { withJson } from '../options.js';

export const showCommand = defineCommand({
  command: 'show <snapshot>',
  describe: 'Print a snapshot: its capture, daemon and containers; its sockets (--ports); one --container',
  examples: [
    ['$0 show before.db', 'summarise before.db'],
    ['$0 show before.db --ports', 'who listens on which port, in which container'],
    ['$0 show before.db --container web --json', 'everything captured about container web, as JSON'],
    ['$0 show before.db --container web --drift', 'files added, changed and deleted in web since its image'],
  ],
  builder: (yargs) =>
    withJson(yargs.positional('snapshot', { type: 'string', demandOption: true, describe: 'Snapshot file, or a bundle' }))
      .option('ports', { type: 'boolean', default: false, describe: 'List listening and connected sockets with their process and container' })
      .option('container', { type: 'string', describe: 'Show one container: its name, id or id prefix' })
      .option('path', { type: 'string', describe: 'With --drift: one path of the container; its contents are not kept, so this gives its sha256' })
      .option('drift', { type: 'boolean', default: false, describe: "With --container: what changed in its filesystem since its image, like docker diff (A added, C changed, D deleted)" }),
  run: async (args, io) => {
    if (args.drift && args.container === undefined) throw new UsageError('--drift', 'needs --container, the container whose filesystem drift to show');
    if (args.path !== undefined && !args.drift) throw new UsageError('--path', 'needs --drift (and --container)');
    if (args.ports && args.container !== undefined) throw new UsageError('--ports', 'cannot be combined with --container (the container view includes its sockets)');
    const db = await openSnapshot(args.snapshot);
    try {
      if (args.ports) {
        const ports = readPorts(db);
        io.stdout.write(args.json ? renderJson(ports) : renderPortsText(ports));
      } else if (args.container !== undefined && args.drift && args.path !== undefined) {
        const id = findContainerId(db, args.container);
        const entry = readDriftEntry(db, id, args.path);
        if (!entry) throw new InputError(args.path, `no drift of container ${args.container} is recorded at this path in ${db.path}`);
        io.stdout.write(args.json ? renderJson(entry) : renderDriftContents(entry));
      } else if (args.container !== undefined && args.drift) {
        const drift = readDrift(db, findContainerId(db, args.container));
        io.stdout.write(args.json ? renderJson(drift) : renderDriftText(drift));
      } else if (args.container !== undefined) {
        const detail = readContainerDetail(db, findContainerId(db, args.container));
        io.stdout.write(args.json ? renderJson(detail) : renderContainerText(detail));
      } else {
        const report = readShowReport(db);
        io.stdout.write(args.json ? renderJson(report) : renderShowText(report, db.path));
      }
    } finally {
      db.close();
    }
    return EXIT.ok;
  },
});
