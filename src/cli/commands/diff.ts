import { diffSnapshots, DEFAULT_IGNORES } from '../../diff/index.js';
import { ENTITY_KINDS, KIND_PLURALS, type DiffResult, type EntityKind } from '../../diff/types.js';
import { EXIT, UsageError, type ExitCode } from '../../errors.js';
import { openSnapshot } from '../../open.js';
import { renderModeNotice } from '../../render/diff-format.js';
import { DIFF_RENDERERS, TIMELINE_RENDERERS, type DiffFormat } from '../../render/index.js';
import { diffTimeline, isDirectory, seriesOf } from '../../diff/timeline.js';
import { defineCommand } from '../command.js';

const FAIL_ON = ['changes', 'runtime', 'never'] as const;
type FailOn = (typeof FAIL_ON)[number];

/** 1 when a change the --fail-on level counts remains: state and config for `changes`, any for `runtime`. */
export function exitCodeFor(result: Pick<DiffResult, 'changes'>, failOn: FailOn): ExitCode {
  const counted = failOn === 'never' ? [] : result.changes.filter((c) => failOn === 'runtime' || c.group !== 'runtime');
  return counted.length > 0 ? EXIT.failed : EXIT.ok;
}

const ONLY_CHOICES = ENTITY_KINDS.map((kind) => KIND_PLURALS[kind]);

/** `--only containers,images` → the entity kinds. @throws UsageError on a name that is not one */
export function parseOnly(value: string | undefined): EntityKind[] | undefined {
  if (value === undefined) return undefined;
  return value.split(',').map((name) => {
    const index = ONLY_CHOICES.indexOf(name.trim());
    if (index < 0) throw new UsageError('--only', `${name} is not one of ${ONLY_CHOICES.join(', ')}`);
    return ENTITY_KINDS[index] as EntityKind;
  });
}

export const diffCommand = defineCommand({
  command: 'diff <snapshots..>',
  describe: 'Compare two snapshots, or a series of them over time, by identity and without noise',
  examples: [
    ['$0 diff before.db after.db', 'what changed on this host between two captures'],
    ['$0 diff captures/', 'every capture in the directory, in time order: when each thing changed'],
    ['$0 diff good.db bad.db --only containers --format markdown', 'how two hosts differ, as a report to paste'],
    ["$0 diff a.db b.db --ignore 'container/*/labels/build-*' --show-suppressed", 'ignore build labels and list every suppressed change'],
  ],
  builder: (yargs) =>
    yargs
      .positional('snapshots', { type: 'string', array: true, demandOption: true, describe: 'Two snapshots A and B (before and after, or a good and a bad host); or more, or directories of them: a series of one host over time' })
      .option('across-hosts', { type: 'boolean', describe: 'Compare as two hosts (default when the boot ids differ)' })
      .option('same-host', { type: 'boolean', describe: 'Compare as one host (default when the boot ids are equal)' })
      .conflicts('across-hosts', 'same-host')
      .option('across-engines', { type: 'boolean', default: false, describe: 'Match containers by name across engines (Docker vs Podman); default: within one engine kind' })
      .option('format', { choices: Object.keys(DIFF_RENDERERS) as DiffFormat[], default: 'text' as DiffFormat, describe: 'Output format' })
      .option('only', { type: 'string', describe: `Compare only these, comma-separated: ${ONLY_CHOICES.join(',')}` })
      .option('ignore', { type: 'string', array: true, default: [] as string[], describe: `Also ignore changes whose <kind>/<entity key>/<path> matches this glob (* one segment, ** any); always ignored: ${DEFAULT_IGNORES.join(' ')}` })
      .option('show-runtime', { type: 'boolean', default: false, describe: 'List every runtime change (restarts, log growth), not one line per entity' })
      .option('show-suppressed', { type: 'boolean', default: false, describe: 'List the suppressed changes with the noise rule that suppressed each' })
      .option('fail-on', { choices: FAIL_ON, default: 'changes' as FailOn, describe: 'Exit 1 on: changes (a state or config change; runtime-only differences exit 0), runtime (any change, runtime included), never (exit 0 whatever differs)' }),
  run: async (args, io) => {
    const mode = args.acrossHosts ? 'across-hosts' : args.sameHost ? 'same-host' : undefined;
    const options = { mode, only: parseOnly(args.only), ignore: args.ignore, acrossEngines: args.acrossEngines } as const;
    const paths = args.snapshots.map(String);
    const render = { color: io.stdout.isTTY === true && io.env['NO_COLOR'] === undefined, showRuntime: args.showRuntime, showSuppressed: args.showSuppressed };
    if (paths.length !== 2 || paths.some(isDirectory)) {
      const series = await seriesOf(paths);
      if (series.length < 2) throw new UsageError('diff', `needs at least two snapshots; found ${series.length} in ${paths.join(' ')}`);
      const timeline = await diffTimeline(series, options);
      io.stdout.write(TIMELINE_RENDERERS[args.format](timeline, render));
      return exitCodeFor({ changes: timeline.changes }, args.failOn);
    }
    const [pathA, pathB] = paths as [string, string];
    const a = await openSnapshot(pathA);
    try {
      const b = await openSnapshot(pathB);
      try {
        const result = diffSnapshots(a, b, options);
        if (result.mode_inferred && result.mode === 'across-hosts') io.stderr.write(renderModeNotice(result));
        io.stdout.write(DIFF_RENDERERS[args.format](result, render));
        return exitCodeFor(result, args.failOn);
      } finally {
        b.close();
      }
    } finally {
      a.close();
    }
  },
});
