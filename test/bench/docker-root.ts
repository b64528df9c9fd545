/**
 * Times readDockerRoot on a root (default: a generated one of 1000 containers) and prints the
 * time per container and the peak RSS of this process. For an end-to-end figure, time the CLI
 * instead: `/usr/bin/time -v docksnap capture --offline --docker-root DIR -o OUT`.
 * Usage: npx tsx test/bench/docker-root.ts [root] [runs]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resourceUsage } from 'node:process';
import { readDockerRoot } from '../../src/collect/docker-root/index.js';
import { writeBusyRoot } from '../helpers/v2-root.js';

const [given, runsText = '5'] = process.argv.slice(2);
const generated = given ? undefined : mkdtempSync(join(tmpdir(), 'docksnap-bench-'));
try {
  const root = given ?? generated!;
  if (generated) writeBusyRoot(generated, 1000);
  const times: number[] = [];
  let containers = 0;
  for (let run = 0; run < Number(runsText); run++) {
    const started = performance.now();
    const capture = readDockerRoot(root, { logTailBytes: 64 * 1024 });
    times.push(performance.now() - started);
    containers = capture.containers.length;
    if (capture.errors.length > 0) process.stderr.write(`${capture.errors.length} capture errors\n`);
  }
  const best = Math.min(...times);
  process.stdout.write(
    `${containers} containers: first ${times[0]?.toFixed(1)} ms, best ${best.toFixed(1)} ms (${((best / Math.max(containers, 1)) * 1000).toFixed(0)} µs per container); peak RSS ${(resourceUsage().maxRSS / 1024).toFixed(0)} MiB\n`,
  );
} finally {
  if (generated) rmSync(generated, { recursive: true, force: true });
}
