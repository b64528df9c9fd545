import { EXIT } from '../../errors.js';
import { line } from '../../render/escape.js';
import { defineCommand } from '../command.js';

export const exportCommand = defineCommand({
  command: 'export <snapshot>',
  describe: 'Write a bug-report bundle: the snapshot (redacted by default), manifest, checksums, summary',
  examples: [
    ['$0 export before.db -o before.tar.gz', 'write a redacted, gzip-compressed bundle'],
    ['$0 export before.db -o before.tar --no-logs', 'leave the containers\' log tails out'],
  ],
  builder: (yargs) =>
    yargs
      .positional('snapshot', { type: 'string', demandOption: true, describe: 'Snapshot file' })
      .option('output', { alias: 'o', type: 'string', demandOption: true, describe: 'Bundle to write (.tar, or .tar.gz/.tgz for gzip)' })
      .option('force', { type: 'boolean', default: false, describe: 'Replace the output file if it exists' })
      .option('redact', { type: 'boolean', default: true, describe: 'Redact secrets; --no-redact keeps values as captured (with a warning)' })
      .option('redact-key-file', { type: 'string', describe: 'HMAC key file (default $XDG_CONFIG_HOME/docksnap/redact.key, created 0600)' })
      .option('logs', { type: 'boolean', default: true, describe: "Include containers' log tails; --no-logs leaves them out" }),
  run: async (args, io) => {
    if (!args.redact) io.stderr.write('docksnap: warning — --no-redact: the bundle holds environment values, tokens and log tails as captured\n');
    // Loaded when run, like every bundle command: tar, gzip and the manifest schema cost the other commands start-up time.
    const { exportBundle } = await import('../../bundle/export.js');
    const { path, manifest } = await exportBundle(args.snapshot, {
      output: args.output,
      force: args.force,
      redact: args.redact,
      redactKeyFile: args.redactKeyFile,
      logs: args.logs,
      env: io.env,
      onKeyCreated: (key) => io.stderr.write(`${line`docksnap: new key created at ${key}`} (mode 0600); keep it: bundles compare only when exported with the same key\n`),
    });
    const r = manifest.redaction;
    const how = r.enabled ? `redacted (${r.values_replaced ?? 0} values, key ${r.key_fingerprint ?? '-'})` : 'NOT redacted';
    io.stderr.write(`bundle ${how}, log tails ${manifest.log_tails}\n`);
    io.stdout.write(`${path}\n`);
    return EXIT.ok;
  },
});
