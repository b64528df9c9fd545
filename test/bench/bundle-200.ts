/**
 * Export, verify and import times for a 200-container snapshot (`npx tsx test/bench/bundle-200.ts`),
 * reported in seconds and as ratios to an in-process baseline: copying the snapshot file.
 * The snapshot is synthesized at the size a live capture of 200 containers has: per container a
 * config.v2.json, hostconfig, hosts, resolv.conf and OCI config, an inspect body, a 64 KiB log
 * tail, env and labels, and two processes with environ, fds, mounts and cgroups.
 */
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportBundle, importBundle, verifyBundle } from '../../src/index.js';
import { writeSnapshotFile } from '../../src/store/write.js';
import { synthesize } from './synthetic-host.js';

const CONTAINERS = Number(process.argv[2] ?? 200);
const dir = mkdtempSync(join(tmpdir(), 'docksnap-bench-'));

async function time<T>(what: string, run: () => Promise<T> | T): Promise<number> {
  const start = performance.now();
  await run();
  const seconds = (performance.now() - start) / 1000;
  console.log(`${what.padEnd(28)} ${seconds.toFixed(3)} s`);
  return seconds;
}

try {
  const source = join(dir, 'source.db');
  await writeSnapshotFile(source, synthesize(CONTAINERS), { force: false });
  console.log(`snapshot: ${CONTAINERS} containers, ${(statSync(source).size / 1024 / 1024).toFixed(1)} MiB`);
  const env = { XDG_CONFIG_HOME: join(dir, 'config') };
  const baseline = await time('baseline: copy the file', () => copyFileSync(source, join(dir, 'copy.db')));
  const results: [string, number][] = [];
  for (const [name, options] of [['bundle.tar.gz', {}], ['bundle.tar', {}], ['raw.tar.gz', { redact: false }]] as const) {
    results.push([`export ${name}`, await time(`export ${name}`, () => exportBundle(source, { output: join(dir, name), force: false, env, ...options }))]);
  }
  results.push(['verify bundle.tar.gz', await time('verify bundle.tar.gz', () => verifyBundle(join(dir, 'bundle.tar.gz')))]);
  results.push(['import bundle.tar.gz', await time('import bundle.tar.gz', () => importBundle(join(dir, 'bundle.tar.gz'), { output: join(dir, 'imported.db'), force: false }))]);
  results.push(['import bundle.tar', await time('import bundle.tar', () => importBundle(join(dir, 'bundle.tar'), { output: join(dir, 'imported2.db'), force: false }))]);
  console.log(`bundle.tar.gz ${(statSync(join(dir, 'bundle.tar.gz')).size / 1024 / 1024).toFixed(1)} MiB`);
  for (const [what, seconds] of results) console.log(`${what.padEnd(28)} ${(seconds / Math.max(baseline, 1e-6)).toFixed(0)}× the copy`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
