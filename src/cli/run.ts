import yargs from 'yargs';
import { EXIT, isDocksnapError, UsageError, type ExitCode } from '../errors.js';
import { TOOL_VERSION } from '../version.js';
import { COMMANDS } from './commands/index.js';
import type { CliIo } from './io.js';

/** Help is wrapped at a fixed width so that README's usage section can be checked against it. */
export const HELP_WIDTH = 100;

/**
 * Runs docksnap with `args` (without the node and script paths). The only place that prints
 * errors: a known error is one line on stderr (`docksnap: <what> — <why>`), with its stack
 * only under DOCKSNAP_DEBUG=1; an unknown one is re-thrown.
 */
export async function runCli(args: readonly string[], io: CliIo): Promise<ExitCode> {
  let code: ExitCode = EXIT.ok;
  let parser = yargs([...args])
    .scriptName('docksnap')
    .usage('$0 <command> [options]\n\nSnapshot-and-diff forensics for Docker hosts.')
    .exitProcess(false)
    .strict()
    .demandCommand(1, 'give a command (see docksnap --help)')
    .recommendCommands()
    .version(TOOL_VERSION)
    .help()
    .alias('help', 'h')
    .wrap(HELP_WIDTH)
    .epilogue('Exit codes: 0 success; 1 a state or config change found (diff; see its --fail-on) or the operation failed; 2 usage or input error.')
    .fail((message, error) => {
      throw error ?? new UsageError('usage', `${message} (see docksnap --help)`);
    });
  for (const command of COMMANDS) parser = command.register(parser, io, (c) => (code = c));
  skipHelpCaching(parser);
  try {
    await parser.parseAsync([...args], {}, (_error, _argv, output) => {
      if (output) io.stdout.write(`${output}\n`);
    });
  } catch (error) {
    if (!isDocksnapError(error)) throw error;
    io.stderr.write(`docksnap: ${error.what} — ${error.why}\n`);
    if (io.env['DOCKSNAP_DEBUG'] === '1' && error.stack) io.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  return code;
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
