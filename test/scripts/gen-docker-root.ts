/**
 * Writes a synthetic Docker ≥1.10 overlay2 root with N containers (default 1000) over three
 * images, the files dockerd 20.10 leaves for each (see test/helpers/v2-root.ts).
 * Usage: npx tsx test/scripts/gen-docker-root.ts <dir> [count]
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { writeBusyRoot } from '../helpers/v2-root.js';

const [dir, countText = '1000'] = process.argv.slice(2);
const count = Number.parseInt(countText, 10);
if (!dir || !Number.isInteger(count) || count < 0) {
  process.stderr.write('usage: gen-docker-root.ts <dir> [count]\n');
  process.exit(2);
}
if (existsSync(dir) && readdirSync(dir).length > 0) {
  process.stderr.write(`${dir} is not empty; give a new or empty directory\n`);
  process.exit(2);
}
mkdirSync(dir, { recursive: true });
const started = performance.now();
const { ids } = writeBusyRoot(dir, count);
process.stdout.write(`wrote ${ids.length} containers to ${dir} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
