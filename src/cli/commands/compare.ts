import type { CompareResult } from '../../compare/types.js';
import { DEFAULT_IGNORES } from '../../diff/index.js';
import { ENTITY_KINDS, KIND_PLURALS } from '../../diff/types.js';
import { EXIT, type ExitCode } from '../../errors.js';
import { COMPARE_RENDERERS, type CompareFormat } from '../../render/compare-index.js';
import { defineCommand } from '../command.js';
import { parseOnly } from './diff.js';

/** 0 when every host agrees with the majority, 1 when any differs. */
export function compareExitCode(result: CompareResult): ExitCode {
  return result.summary.deviating_hosts > 0 ? EXIT.failed : EXIT.ok;
}

export const compareCommand = defineCommand({
  command: 'compare <snapshots..>',
  describe: 'Compare many hosts against their majority: which hosts differ from the rest, and how',
  examples: [
    ['$0 compare fleet/', 'every snapshot or bundle in fleet/ and fleet/<host>/: the odd hosts first'],
    ['$0 compare web1.db web2.db web3.db --format json', 'each field the hosts disagree on, with the majority value and each host that differs'],
    ['$0 compare fleet/ --only containers,images --format markdown', 'containers and images only, as a report to paste'],
  ],
  builder: (yargs) =>
    yargs
      .positional('snapshots', { type: 'string', array: true, demandOption: true, describe: 'Snapshots or bundles, one per host, or directories of them (<dir>/<file> and <dir>/<host>/<file>)' })
      .option('format', { choices: Object.keys(COMPARE_RENDERERS) as CompareFormat[], default: 'text' as CompareFormat, describe: 'Output format' })
      .option('only', { type: 'string', describe: `Compare only these, comma-separated: ${ENTITY_KINDS.map((k) => KIND_PLURALS[k]).join(',')}` })
      .option('ignore', { type: 'string', array: true, default: [] as string[], describe: `Also ignore fields whose <kind>/<entity key>/<path> matches this glob (* one segment, ** any); always ignored: ${DEFAULT_IGNORES.join(' ')}` })
      .option('across-engines', { type: 'boolean', default: false, describe: 'Match containers by name across engines (Docker vs Podman); default: within one engine kind' }),
  run: async (args, io) => {
    const { compareSnapshots } = await import('../../compare/index.js');
    const result = await compareSnapshots(args.snapshots.map(String), { only: parseOnly(args.only), ignore: args.ignore, acrossEngines: args.acrossEngines });
    io.stdout.write(COMPARE_RENDERERS[args.format](result, { color: io.stdout.isTTY === true && io.env['NO_COLOR'] === undefined }));
    return compareExitCode(result);
  },
});
