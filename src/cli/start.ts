import { prepareProcess } from './prepare-process.js';
import { reportError, runCli } from './run.js';

/**
 * Runs the CLI on `args` in this process and sets its exit code: the bundled CLI's entry (main.ts)
 * and the start-up snapshot's (snapshot-main.ts) alike.
 */
export async function startCli(args: readonly string[]): Promise<void> {
  prepareProcess(process.env);
  const io = { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
  // Whatever escapes (a failure in a callback, a rejected promise nobody awaited) is an internal
  // error too: one line, exit 70, never a raw stack or Node's own exit code 1.
  for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
    process.on(event, (error: unknown) => {
      process.exitCode = reportError(error, io);
      process.exit();
    });
  }
  process.exitCode = await runCli(args, io);
}
