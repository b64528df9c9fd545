#!/usr/bin/env -S -u NODE_EXTRA_CA_CERTS DOCKSNAP_NODE_EXTRA_CA_CERTS=${NODE_EXTRA_CA_CERTS} node
// The package's bin. It loads the bundled CLI, dist/docksnap.mjs, which `npm ci` builds (through
// `prepare`). In a checkout where that has not happened yet — `npx docksnap` before `npm ci` — it
// says what to run in one line instead of failing without a word. Plain JavaScript: it must run
// before anything is compiled. (The `#!` line is main.ts's.)
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../../dist/docksnap.mjs', import.meta.url);
if (existsSync(bundle)) {
  await import(bundle.href);
} else {
  const root = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
  process.stderr.write(`docksnap: not built — run npm ci in ${root} first\n`);
  process.exitCode = 1;
}
