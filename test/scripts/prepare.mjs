// `npm run prepare`: npm runs it after `npm ci` and `npm install` in the checkout, before `npm pack`,
// and when npx or `npm install -g .` links the checkout. It builds dist/ unless dist/ is newer than
// every file it is built from. Without the dev dependencies (npx before npm ci) there is nothing to
// build with: it says so and succeeds, so that npm's npx cache is left whole and the bin can say
// what to run. Plain JavaScript: tsx may not be installed yet.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('../..', import.meta.url).pathname;
const BUILD_TOOLS = ['typescript', 'esbuild', 'tsx'];
const INPUTS = ['src', 'package.json', 'tsconfig.json', 'tsconfig.build.json', 'test/scripts/build-cli.ts', 'test/scripts/build-snapshot.ts', 'test/scripts/bundle-stub.cjs', 'test/scripts/sqlite-binding.cjs', 'test/scripts/lazy-string-width.ts'];
const OUTPUTS = ['dist/docksnap.mjs', 'dist/index.js', 'dist/index.d.ts'];

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

function upToDate() {
  if (!OUTPUTS.every((file) => existsSync(join(ROOT, file)))) return false;
  const built = Math.min(...OUTPUTS.map((file) => statSync(join(ROOT, file)).mtimeMs));
  return Math.max(...INPUTS.map((input) => newestMtime(join(ROOT, input)))) <= built;
}

const missing = BUILD_TOOLS.filter((tool) => !existsSync(join(ROOT, 'node_modules', tool, 'package.json')));
if (missing.length > 0) {
  process.stderr.write(`docksnap: not built — the dev dependencies (${missing.join(', ')}) are not installed; run npm ci\n`);
} else if (!upToDate()) {
  // The build's output goes to stderr: `npm pack --json` prints its JSON on stdout.
  const result = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
  process.exitCode = result.status ?? 1;
}
