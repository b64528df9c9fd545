#!/usr/bin/env node
import { hideBin } from 'yargs/helpers';
import { describeError } from '../util/errno.js';
import { runCli } from './run.js';

try {
  process.exitCode = await runCli(hideBin(process.argv), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
  });
} catch (error) {
  // Not a DocksnapError: a bug or an unforeseen failure. Still one line, unless debugging.
  process.stderr.write(`docksnap: internal error — ${describeError(error)}\n`);
  if (process.env['DOCKSNAP_DEBUG'] === '1' && error instanceof Error) process.stderr.write(`${error.stack ?? ''}\n`);
  process.exitCode = 1;
}
