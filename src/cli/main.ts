#!/usr/bin/env -S node --max-semi-space-size=2
// A small young generation: a capture allocates many short-lived strings, and V8 otherwise grows
// each semi-space to 16 MiB, which is a third of the peak RSS (measured in test/bench).
import { hideBin } from 'yargs/helpers';
import { line } from '../render/escape.js';
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
  process.stderr.write(`${line`docksnap: internal error — ${describeError(error)}`}\n`);
  if (process.env['DOCKSNAP_DEBUG'] === '1' && error instanceof Error) process.stderr.write(`${error.stack ?? ''}\n`);
  process.exitCode = 1;
}
