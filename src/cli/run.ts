import yargs from 'yargs';
import { EXIT, isDocksnapError, UsageError, type ExitCode } from '../errors.js';
import { describeError } from '../util/errno.js';
import { TOOL_VERSION } from '../version.js';
import { line } from '../render/escape.js';
import { COMMANDS } from './commands/index.js';
import type { CliIo } from './io.js';
import { usageMessage } from './usage-message.js';

/** Help is wrapped at a fixed width so that README's usage section can be checked against it. */
export const HELP_WIDTH = 100;

/**
 * Runs docksnap with `args` (without the node and script paths). The only place that prints
 * errors: a known error is one line on stderr (`docksnap: <what> — <why>`) with its own exit code;
 * anything else is an internal error, one line too, exit 70. Stacks only under DOCKSNAP_DEBUG=1.
 */
export async function runCli(args: readonly string[], io: CliIo): Promise<ExitCode> {
  let code: ExitCode = EXIT.ok;
  let parser = yargs([...args])
    .scriptName('docksnap')
    .usage('$0 <command> [options]\n\nSnapshot-and-diff forensics for container hosts (Docker, Podman).')
    .exitProcess(false)
    .strict()
    .demandCommand(1, 'give a command')
    .recommendCommands()
    .version(TOOL_VERSION)
    .help()
    .alias('help', 'h')
    .wrap(HELP_WIDTH)
    .epilogue(EXIT_CODES_HELP)
    .fail((message, error) => {
      throw error ?? new UsageError('usage', usageMessage(message));
    });
  for (const command of COMMANDS) parser = command.register(parser, io, (c) => (code = c));
  skipHelpCaching(parser);
  try {
    await parser.parseAsync([...args], {}, (_error, _argv, output) => {
      if (output) io.stdout.write(`${output}\n`);
    });
  } catch (error) {
    return reportError(error, io);
  }
  return code;
}

/** The --help epilogue; README's exit-code table says the same. */
export const EXIT_CODES_HELP =
  `Exit codes: 0 success; 1 a state or config change found (diff; see its --fail-on) or the operation failed; 2 usage or input error; ` +
  `${EXIT.internal} internal error (a bug in docksnap: please report it).`;

/** Prints one line for any error and returns its exit code: its own when known, else the internal one. */
export function reportError(error: unknown, io: Pick<CliIo, 'stderr' | 'env'>): ExitCode {
  const known = isDocksnapError(error);
  io.stderr.write(`${known ? line`docksnap: ${error.what} — ${error.why}` : line`docksnap: internal error — ${describeError(error)}`}\n`);
  if (io.env['DOCKSNAP_DEBUG'] === '1' && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  return known ? error.exitCode : EXIT.internal;
}

interface WithUsage {
  getInternalMethods(): { getUsageInstance(): { cacheHelpMessage(): void } };
}

/**
 * yargs renders a command's whole help right after starting its handler, in case a failure
 * must show it; docksnap never shows help on a failure (the fail handler throws), and that
 * rendering (string widths of every line) costs a tenth of a second of every run.
 */
function skipHelpCaching(parser: unknown): void {
  const usage = (parser as WithUsage).getInternalMethods?.().getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => undefined;
}
