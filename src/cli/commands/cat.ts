import { EXIT, UsageError } from '../../errors.js';
import { openSnapshot } from '../../open.js';
import { readFileContent } from '../../read/file-content.js';
import { findContainerId } from '../../read/find-container.js';
import { defineCommand } from '../command.js';

export const catCommand = defineCommand({
  command: 'cat <snapshot> <container> [file]',
  describe: "Print a captured file's exact bytes: a container's (config.lxc, hosts, log…) or --daemon's",
  examples: [
    ['$0 cat case.db a86b320f3c71 config.lxc', "the LXC config Docker 0.x wrote for the container, as cat would print it on the host"],
    ['$0 cat case.db web log', "the stored tail of web's json log"],
    ['$0 cat case.db --daemon daemon.json', "the daemon's daemon.json"],
  ],
  builder: (yargs) =>
    yargs
      .positional('snapshot', { type: 'string', demandOption: true, describe: 'Snapshot file, or a bundle' })
      .positional('container', { type: 'string', demandOption: true, describe: 'Container name, id or id prefix; with --daemon, the file' })
      .positional('file', { type: 'string', describe: 'File role (config.json, hosts, log…) or the last part of its path' })
      .option('daemon', { type: 'boolean', default: false, describe: "Print one of the daemon's files instead of a container's" }),
  run: async (args, io) => {
    if (args.daemon && args.file !== undefined) throw new UsageError('--daemon', 'takes no container: docksnap cat SNAP --daemon FILE');
    if (!args.daemon && args.file === undefined) throw new UsageError('cat', 'needs a container and a file: docksnap cat SNAP CONTAINER FILE (or --daemon FILE)');
    const db = await openSnapshot(args.snapshot);
    try {
      const owner = args.daemon ? null : findContainerId(db, args.container);
      io.stdout.write(readFileContent(db, owner, args.daemon ? args.container : (args.file as string)));
    } finally {
      db.close();
    }
    return EXIT.ok;
  },
});
