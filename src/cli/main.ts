#!/usr/bin/env -S -u NODE_EXTRA_CA_CERTS DOCKSNAP_NODE_EXTRA_CA_CERTS=${NODE_EXTRA_CA_CERTS} node
// NODE_EXTRA_CA_CERTS is passed aside: Node would build its TLS root store while starting (see
// extra-ca.ts). No node flag: any V8 flag costs every command its built-in modules' code cache
// (prepare-process.ts sets the young generation's size instead).
import { hideBin } from 'yargs/helpers';
import { prepareProcess } from './prepare-process.js';
import { reportError, runCli } from './run.js';

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
process.exitCode = await runCli(hideBin(process.argv), io);
