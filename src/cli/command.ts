import type { Argv, ArgumentsCamelCase } from 'yargs';
import type { ExitCode } from '../errors.js';
import type { CliIo } from './io.js';

/**
 * One docksnap command. `builder` declares its arguments (yargs), `run` calls one library
 * function and renders; it returns the exit code and never prints errors (cli/run.ts does).
 */
export interface CommandDefinition<A> {
  readonly command: string;
  readonly describe: string;
  readonly examples: readonly (readonly [command: string, meaning: string])[];
  readonly builder: (yargs: Argv) => Argv<A>;
  readonly run: (args: ArgumentsCamelCase<A>, io: CliIo) => Promise<ExitCode>;
}

/** A command with its argument type erased, so commands of different shapes share one list. */
export interface RegisteredCommand {
  readonly command: string;
  readonly describe: string;
  readonly examples: readonly (readonly [string, string])[];
  /** Subcommands (`docksnap <command> <subcommand>`), each with its own --help. */
  readonly subcommands?: readonly string[];
  register(yargs: Argv, io: CliIo, report: (code: ExitCode) => void): Argv;
}

export function defineCommand<A>(definition: CommandDefinition<A>): RegisteredCommand {
  return {
    command: definition.command,
    describe: definition.describe,
    examples: definition.examples,
    register: (yargs, io, report) =>
      yargs.command({
        command: definition.command,
        describe: definition.describe,
        builder: (y: Argv) => {
          const built = definition.builder(y);
          for (const [command, meaning] of definition.examples) built.example(command, meaning);
          return built;
        },
        handler: async (args: ArgumentsCamelCase<A>) => report(await definition.run(args, io)),
      }),
  };
}
