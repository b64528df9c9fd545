/**
 * Capture, export, verify and import times for a live private engine running N sleepers
 * (`npx tsx test/bench/bundle-live.ts 200 [KEEP.db]`; root, as the integration tests; KEEP.db keeps a
 * copy of the raw snapshot). The engine is private (test/helpers/engine.ts) and is stopped at the
 * end, whatever happens.
 */
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { capture, exportBundle, importBundle, verifyBundle } from '../../src/index.js';
import { Engine, startEngine, stopEngine } from '../helpers/engine.js';

const COUNT = Number(process.argv[2] ?? 200);
const dir = mkdtempSync(join(tmpdir(), 'docksnap-bench-live-'));
const info = await startEngine();

async function time<T>(what: string, run: () => Promise<T> | T): Promise<T> {
  const start = performance.now();
  const result = await run();
  console.log(`${what.padEnd(32)} ${((performance.now() - start) / 1000).toFixed(2)} s`);
  return result;
}

try {
  const engine = new Engine(info, true);
  await time(`start ${COUNT} sleepers`, () => {
    for (let i = 0; i < COUNT; i++) engine.run(`bench-${i}`, ['sleep', '3600'], { flags: ['-e', `API_TOKEN=token-${i}`] });
  });
  const source = join(dir, 'live.db');
  const summary = await time('capture', () =>
    capture({ offline: false, force: false, dockerHost: info.host, logTailBytes: 65536, apiTimeoutMs: 5000, output: source }),
  );
  if (process.argv[3]) copyFileSync(source, process.argv[3]);
  console.log(`snapshot: ${summary.containers} containers, ${summary.processes} processes, ${(statSync(source).size / 1048576).toFixed(1)} MiB`);
  const env = { XDG_CONFIG_HOME: join(dir, 'config') };
  await time('export .tar.gz (redacted)', () => exportBundle(source, { output: join(dir, 'b.tar.gz'), force: false, env }));
  await time('export .tar (redacted)', () => exportBundle(source, { output: join(dir, 'b.tar'), force: false, env }));
  await time('verify .tar.gz', () => verifyBundle(join(dir, 'b.tar.gz')));
  await time('import .tar.gz', () => importBundle(join(dir, 'b.tar.gz'), { output: join(dir, 'imported.db'), force: false }));
  console.log(`bundle .tar.gz ${(statSync(join(dir, 'b.tar.gz')).size / 1048576).toFixed(2)} MiB`);
} finally {
  await stopEngine(info);
  rmSync(dir, { recursive: true, force: true });
}
