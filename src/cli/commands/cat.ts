import { EXIT, InputError, UsageError } from '../../errors.js';
import { openSnapshot } from '../../open.js';
import { readDriftEntry } from '../../read/drift.js';
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
    ['$0 cat case.db web --drift /tmp/x', 'a drifted file: its contents are not kept, so this names its sha256 (exit 2)'],
  ],
  builder: (yargs) =>
    yargs
      .positional('snapshot', { type: 'string', demandOption: true, describe: 'Snapshot file, or a bundle' })
      .positional('container', { type: 'string', demandOption: true, describe: 'Container name, id or id prefix; with --daemon, the file' })
      .positional('file', { type: 'string', describe: 'File role (config.json, hosts, log…) or the last part of its path' })
      .option('daemon', { type: 'boolean', default: false, describe: "Print one of the daemon's files instead of a container's" })
      .option('drift', { type: 'string', describe: "A path in the container's writable layer: its contents are not kept, so this says so and gives its sha256 (exit 2)" }),
  run: async (args, io) => {
    if (args.daemon && args.file !== undefined) throw new UsageError('--daemon', 'takes no container: docksnap cat SNAP --daemon FILE');
    if (args.drift !== undefined) return refuseDriftContents(args.snapshot, args.container, args.drift);
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

/**
 * A snapshot keeps what changed in a container's writable layer, never the changed files' bytes.
 * @throws InputError always: naming the sha256 the snapshot holds for the path, or that it holds no such drift
 */
async function refuseDriftContents(snapshot: string, container: string, path: string): Promise<never> {
  const db = await openSnapshot(snapshot);
  try {
    const entry = readDriftEntry(db, findContainerId(db, container), path);
    if (!entry) throw new InputError(path, `no drift of container ${container} is recorded at this path`);
    const hash = entry.sha256 ? `its sha256 is ${entry.sha256}` : `no sha256 was recorded (${entry.hash_skipped ?? entry.type ?? entry.kind})`;
    throw new InputError(path, `the contents of drifted files are not kept in a snapshot (${entry.kind}, ${entry.size ?? '-'} bytes); ${hash}`);
  } finally {
    db.close();
  }
}
