import { diffSnapshots, DEFAULT_IGNORES } from '../../diff/index.js';
import { ENTITY_KINDS, KIND_PLURALS, type EntityKind } from '../../diff/types.js';
import { EXIT, UsageError } from '../../errors.js';
import { openSnapshot } from '../../open.js';
import { renderModeNotice } from '../../render/diff-format.js';
import { DIFF_RENDERERS, type DiffFormat } from '../../render/index.js';
import { defineCommand } from '../command.js';

const ONLY_CHOICES = ENTITY_KINDS.map((kind) => KIND_PLURALS[kind]);

/** `--only containers,images` → the entity kinds. @throws UsageError on a name that is not one */
function parseOnly(value: string | undefined): EntityKind[] | undefined {
  if (value === undefined) return undefined;
  return value.split(',').map((name) => {
    const index = ONLY_CHOICES.indexOf(name.trim());
    if (index < 0) throw new UsageError('--only', `${name} is not one of ${ONLY_CHOICES.join(', ')}`);
    return ENTITY_KINDS[index] as EntityKind;
  });
}

export const diffCommand = defineCommand({
  command: 'diff <a> <b>',
  describe: 'Compare two snapshots by identity, without noise; exit 0 when equal, 1 when they differ',
  examples: [
    ['$0 diff before.db after.db', 'what changed on this host between two captures'],
    ['$0 diff good.db bad.db --only containers --format markdown', 'how two hosts differ, as a report to paste'],
    ["$0 diff a.db b.db --ignore 'container/*/labels/build-*' --show-suppressed", 'ignore build labels and list every suppressed change'],
  ],
  builder: (yargs) =>
    yargs
      .positional('a', { type: 'string', demandOption: true, describe: 'Snapshot A (before, or the good host)' })
      .positional('b', { type: 'string', demandOption: true, describe: 'Snapshot B (after, or the other host)' })
      .option('across-hosts', { type: 'boolean', describe: 'Compare as two hosts (default when the boot ids differ)' })
      .option('same-host', { type: 'boolean', describe: 'Compare as one host (default when the boot ids are equal)' })
      .conflicts('across-hosts', 'same-host')
      .option('across-engines', { type: 'boolean', default: false, describe: 'Match containers by name across engines (Docker vs Podman); default: within one engine kind' })
      .option('format', { choices: Object.keys(DIFF_RENDERERS) as DiffFormat[], default: 'text' as DiffFormat, describe: 'Output format' })
      .option('only', { type: 'string', describe: `Compare only these, comma-separated: ${ONLY_CHOICES.join(',')}` })
      .option('ignore', { type: 'string', array: true, default: [] as string[], describe: `Also ignore changes whose <kind>/<entity key>/<path> matches this glob (* one segment, ** any); always ignored: ${DEFAULT_IGNORES.join(' ')}` })
      .option('show-runtime', { type: 'boolean', default: false, describe: 'List every runtime change (restarts, log growth), not one line per entity' })
      .option('show-suppressed', { type: 'boolean', default: false, describe: 'List the suppressed changes with the noise rule that suppressed each' }),
  run: async (args, io) => {
    const mode = args.acrossHosts ? 'across-hosts' : args.sameHost ? 'same-host' : undefined;
    const options = { mode, only: parseOnly(args.only), ignore: args.ignore, acrossEngines: args.acrossEngines } as const;
    const a = await openSnapshot(args.a);
    try {
      const b = await openSnapshot(args.b);
      try {
        const result = diffSnapshots(a, b, options);
        if (result.mode_inferred && result.mode === 'across-hosts') io.stderr.write(renderModeNotice(result));
        const color = io.stdout.isTTY === true && io.env['NO_COLOR'] === undefined;
        io.stdout.write(DIFF_RENDERERS[args.format](result, { color, showRuntime: args.showRuntime, showSuppressed: args.showSuppressed }));
        return result.changes.length > 0 ? EXIT.failed : EXIT.ok;
      } finally {
        b.close();
      }
    } finally {
      a.close();
    }
  },
});
