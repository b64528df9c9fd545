#!/usr/bin/env -S node --max-semi-space-size=2
// The package's bin. It loads the bundled CLI, dist/docksnap.mjs, which `npm ci` builds (through
// `prepare`). In a checkout where that has not happened yet — `npx docksnap` before `npm ci` — it
// says what to run in one line instead of failing without a word. Plain JavaScript: it must run
// before anything is compiled. (The node flag is main.ts's: a small young generation.)
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
