import { EXIT, OperationError } from '../../errors.js';
import { line } from '../../render/escape.js';
import { defineCommand } from '../command.js';

export const verifyCommand = defineCommand({
  command: 'verify <bundle>',
  describe: "Check a bundle's manifest and every member's checksum; exit 1 naming a failing member",
  examples: [['$0 verify report.tar.gz', 'exit 0 when intact, 1 with the member and its expected and actual digests otherwise']],
  builder: (yargs) => yargs.positional('bundle', { type: 'string', demandOption: true, describe: 'Bundle file (.tar or .tar.gz)' }),
  run: async (args, io) => {
    const [{ describeFailures }, { verifyBundle }] = await Promise.all([import('../../bundle/scan.js'), import('../../bundle/verify.js')]);
    const report = await verifyBundle(args.bundle);
    if (!report.valid || !report.manifest) throw new OperationError(args.bundle, `is not a valid bundle: ${describeFailures(report.failures)}`);
    const m = report.manifest;
    const redaction = m.redaction.enabled ? `redacted (rules ${m.redaction.rules_version ?? '-'}, key ${m.redaction.key_fingerprint ?? '-'})` : 'not redacted';
    io.stdout.write(`${line`${args.bundle}: valid — snapshot of ${m.snapshot.host_name ?? 'unknown host'} captured ${m.snapshot.started_at}, ${redaction}`}\n`);
    return EXIT.ok;
  },
});
