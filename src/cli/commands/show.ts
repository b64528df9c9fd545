import { EXIT, InputError, UsageError } from '../../errors.js';
import { openSnapshot } from '../../open.js';
import { readContainerDetail } from '../../read/container.js';
import { findContainerId } from '../../read/find-container.js';
import { readDrift, readDriftEntry } from '../../read/drift.js';
import { readPorts } from '../../read/ports.js';
import { capturedDaemonPid, readProcessView } from '../../read/process.js';
import { readProcessTree } from '../../read/process-tree.js';
import { readShowReport } from '../../read/show.js';
import type { SnapshotDb } from '../../store/open.js';
import { renderContainerText } from '../../render/container-text.js';
import { renderDriftContents, renderDriftText } from '../../render/drift-text.js';
import { renderJson } from '../../render/json.js';
import { renderPortsText } from '../../render/ports-text.js';
import { renderProcessText } from '../../render/process-text.js';
import { renderShowText } from '../../render/show-text.js';
import { renderTreeText } from '../../render/tree-text.js';
import { defineCommand } from '../command.js';
import { withJson } from '../options.js';

const VIEWS = ['ports', 'container', 'process', 'daemon', 'tree'] as const;

export const showCommand = defineCommand({
  command: 'show <snapshot>',
  describe: 'Print a snapshot, or one view of it: --ports, --container, --process, --daemon, --tree',
  examples: [
    ['$0 show before.db', 'summarise before.db'],
    ['$0 show before.db --ports', 'who listens on which port, in which container'],
    ['$0 show before.db --container web --json', 'everything captured about container web, as JSON'],
    ['$0 show before.db --daemon', "the captured dockerd: its parents and every fd (is a container's json log among them?)"],
    ['$0 show before.db --process 2308', 'one process: argv, parents up to pid 1, cgroups, namespaces, limits, fds with their peers'],
    ['$0 show before.db --container web --drift', 'files added, changed and deleted in web since its image'],
    ['$0 show before.db --tree', 'dockerd → containerd → shims → container processes, pstree-style'],
  ],
  builder: (yargs) =>
    withJson(yargs.positional('snapshot', { type: 'string', demandOption: true, describe: 'Snapshot file, or a bundle' }))
      .option('ports', { type: 'boolean', default: false, describe: 'List listening and connected sockets with their process and container' })
      .option('container', { type: 'string', describe: 'Show one container: its name, id or id prefix' })
      .option('process', { type: 'number', describe: 'Show one captured process by pid: parents, cgroups, namespaces, limits, every fd and its peer' })
      .option('daemon', { type: 'boolean', default: false, describe: 'Show the captured dockerd process, as --process does' })
      .option('tree', { type: 'boolean', default: false, describe: 'Show the captured processes as a tree, with container names' })
      .option('drift', { type: 'boolean', default: false, describe: 'With --container: what changed in its filesystem since its image, like docker diff (A added, C changed, D deleted)' })
      .option('path', { type: 'string', describe: 'With --drift: one path of the container; its contents are not kept, so this gives its sha256' }),
  run: async (args, io) => {
    const chosen = VIEWS.filter((v) => (v === 'container' || v === 'process' ? args[v] !== undefined : args[v]));
    if (chosen.length > 1) throw new UsageError(`--${chosen[0]}`, `cannot be combined with --${chosen[1]} (one view at a time)`);
    if (args.process !== undefined && (!Number.isInteger(args.process) || args.process <= 0)) throw new UsageError('--process', 'needs a pid (a positive integer)');
    if (args.drift && args.container === undefined) throw new UsageError('--drift', 'needs --container, the container whose filesystem drift to show');
    if (args.path !== undefined && !args.drift) throw new UsageError('--path', 'needs --drift (and --container)');
    const db = await openSnapshot(args.snapshot);
    try {
      io.stdout.write(args.drift ? renderDrift(db, args.container as string, args.path, args.json) : render(db, chosen[0], args));
    } finally {
      db.close();
    }
    return EXIT.ok;
  },
});

function render(db: SnapshotDb, view: (typeof VIEWS)[number] | undefined, args: { json: boolean; container?: string | undefined; process?: number | undefined }): string {
  const out = <T>(value: T, text: (v: T) => string) => (args.json ? renderJson(value) : text(value));
  switch (view) {
    case 'ports':
      return out(readPorts(db), renderPortsText);
    case 'container':
      return out(readContainerDetail(db, findContainerId(db, args.container as string)), renderContainerText);
    case 'process':
      return out(readProcessView(db, args.process as number), renderProcessText);
    case 'daemon':
      return out(readProcessView(db, capturedDaemonPid(db)), renderProcessText);
    case 'tree':
      return out(readProcessTree(db), renderTreeText);
    default:
      return out(readShowReport(db), (report) => renderShowText(report, db.path));
  }
}

/** --container NAME --drift [--path P]: the container's filesystem drift, or what is known of one path (its sha256: contents are not kept). */
function renderDrift(db: SnapshotDb, container: string, path: string | undefined, json: boolean): string {
  const id = findContainerId(db, container);
  if (path === undefined) {
    const drift = readDrift(db, id);
    return json ? renderJson(drift) : renderDriftText(drift);
  }
  const entry = readDriftEntry(db, id, path);
  if (!entry) throw new InputError(path, `no drift of container ${container} is recorded at this path in ${db.path}`);
  return json ? renderJson(entry) : renderDriftContents(entry);
}
