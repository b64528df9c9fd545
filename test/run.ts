/**
 * The test runner behind `npm test`: starts one private Docker engine for the whole run (the
 * integration tests share it through DOCKSNAP_TEST_ENGINE), runs every test/**\/*.test.ts with
 * node:test, and stops the engine whatever happens. Arguments narrow the files (path prefixes).
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ENGINE_ENV, OPT_OUT_ENV, startEngine, stopEngine, type EngineInfo } from './helpers/engine.js';

const TEST_DIR = new URL('.', import.meta.url).pathname;
const ROOT = join(TEST_DIR, '..');
const SKIPPED_DIRS = new Set(['bench', 'fixtures', 'helpers', 'scripts']);

function findTestFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : findTestFiles(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

async function main(): Promise<number> {
  const filters = process.argv.slice(2);
  const files = findTestFiles(TEST_DIR)
    .map((file) => relative(ROOT, file))
    .filter((file) => filters.length === 0 || filters.some((f) => file.startsWith(f)))
    .sort();
  let engine: EngineInfo | undefined;
  const optedOut = process.env[OPT_OUT_ENV] === '1' && !process.env['CI'];
  if (!optedOut) engine = await startEngine();
  const stop = async () => {
    if (engine) await stopEngine(engine);
    engine = undefined;
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void stop().then(() => process.exit(130)));
  }
  try {
    return await new Promise<number>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
        cwd: ROOT,
        stdio: 'inherit',
        env: { ...process.env, ...(engine ? { [ENGINE_ENV]: JSON.stringify(engine) } : {}) },
      });
      child.on('error', reject);
      child.on('exit', (code) => resolve(code ?? 1));
    });
  } finally {
    await stop();
  }
}

process.exitCode = await main();
