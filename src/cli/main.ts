#!/usr/bin/env -S node --max-semi-space-size=2
// A small young generation: a capture allocates many short-lived strings, and V8 otherwise grows
// each semi-space to 16 MiB, which is a third of the peak RSS (measured in test/bench).
import { hideBin } from 'yargs/helpers';
import { reportError, runCli } from './run.js';

const io = { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
// Whatever escapes (a failure in a callback, a rejected promise nobody awaited) is an internal
// error too: one line, exit 70, never a raw stack or Node's own exit code 1.
for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
  process.on(event, (error: unknown) => {
    process.exitCode = reportError(error, io);
    process.exit();
  });
}
process.exitCode = await runCli(hideBin(process.argv), io);
