/**
 * The offline capture of a generated 10,000-container Docker root (test/bench/generated-host.ts:
 * config, hostconfig, /etc files, a json log, layerdb records and overlay2 layers per container),
 * timed as a whole CLI process: targets under 5 s wall and under 300 MiB peak RSS. Every
 * container of the root must be in the snapshot. run.ts calls measureOffline10k; alone:
 * npx tsx test/bench/offline-10k.ts [containers] [runs]   (after npm run build)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { timeSeries } from './measure.js';
import { writeGeneratedHost } from './generated-host.js';
import type { ExtraFigure } from './results.js';

export const OFFLINE_CONTAINERS = 10_000;
export const OFFLINE_TARGET = { wallSeconds: 5, rssMiB: 300 } as const;

/**
 * Generates the root in a temporary directory, times `runs` captures of it with `cli` (after one
 * warm-up) and checks the last snapshot holds every container.
 * @throws Error when the snapshot lacks containers of the root
 */
export function measureOffline10k(cli: string, runs: number, env: NodeJS.ProcessEnv = process.env, containers = OFFLINE_CONTAINERS): ExtraFigure {
  const dir = mkdtempSync(join(tmpdir(), 'docksnap-bench-offline-'));
  try {
    const host = writeGeneratedHost(dir, containers, false);
    const snapshot = join(dir, 'offline.db');
    const series = timeSeries([cli, 'capture', '--offline', '--docker-root', host.dockerRoot, '-o', snapshot, '--force', '-q'], runs, env);
    const db = new Database(snapshot, { readonly: true });
    try {
      const captured = db.prepare('SELECT count(*) FROM containers').pluck().get() as number;
      if (captured !== host.ids.length) throw new Error(`offline capture of ${host.ids.length} containers holds ${captured}`);
    } finally {
      db.close();
    }
    return { what: `offline capture of a generated ${containers}-container Docker root`, series, target: OFFLINE_TARGET.wallSeconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [containers = String(OFFLINE_CONTAINERS), runs = '3'] = process.argv.slice(2);
  const cli = fileURLToPath(new URL('../../dist/docksnap.mjs', import.meta.url));
  const { series, what } = measureOffline10k(cli, Number(runs), process.env, Number(containers));
  const median = (x: { median: number }) => x.median.toFixed(2);
  process.stdout.write(
    `${what}: wall ${median(series.wall)} s (target < ${OFFLINE_TARGET.wallSeconds} s), CPU ${median(series.cpu)} s, peak RSS ${median(series.maxRssMiB)} MiB (target < ${OFFLINE_TARGET.rssMiB} MiB)\n`,
  );
}
