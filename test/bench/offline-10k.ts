/**
 * The offline capture of a generated 10,000-container Docker root (test/bench/generated-host.ts:
 * config, hostconfig, /etc files, a json log, layerdb records and overlay2 layers per container),
 * timed as a whole CLI process: targets under 5 s wall and under 300 MiB peak RSS. Every
 * container of the root must be in the snapshot. Beside it, in the same run, the floors of the
 * same capture: its traced reads replayed by floor.c and by Node alone, its rows written by
 * SQLite alone. run.ts calls measureOffline10k; alone:
 * npx tsx test/bench/offline-10k.ts [containers] [runs]   (after npm run build)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { timeSeries } from './measure.js';
import { writeGeneratedHost } from './generated-host.js';
import { buildFloor, nodeReadsCommand, sqliteWriteCommand } from './floor.js';
import type { Baseline, ExtraFigure } from './results.js';

export const OFFLINE_CONTAINERS = 10_000;
export const OFFLINE_TARGET = { wallSeconds: 5, rssMiB: 300 } as const;

export interface OfflineOptions {
  readonly containers?: number;
  /** The environment the stack's floors run in (docksnap's launcher starts Node without NODE_EXTRA_CA_CERTS). */
  readonly stackEnv?: NodeJS.ProcessEnv;
}

/**
 * Generates the root in a temporary directory, times `runs` captures of it with `cli` (after one
 * warm-up), checks the last snapshot holds every container, then times the floors of the same capture.
 * @throws Error when the snapshot lacks containers of the root
 */
export function measureOffline10k(cli: string, runs: number, env: NodeJS.ProcessEnv = process.env, options: OfflineOptions = {}): ExtraFigure {
  const containers = options.containers ?? OFFLINE_CONTAINERS;
  const dir = mkdtempSync(join(tmpdir(), 'docksnap-bench-offline-'));
  try {
    const host = writeGeneratedHost(dir, containers, false);
    const snapshot = join(dir, 'offline.db');
    const capture = [cli, 'capture', '--offline', '--docker-root', host.dockerRoot, '-o', snapshot, '--force', '-q'];
    const series = timeSeries(capture, runs, env);
    const db = new Database(snapshot, { readonly: true });
    try {
      const captured = db.prepare('SELECT count(*) FROM containers').pluck().get() as number;
      if (captured !== host.ids.length) throw new Error(`offline capture of ${host.ids.length} containers holds ${captured}`);
    } finally {
      db.close();
    }
    const trace = join(dir, 'offline.trace');
    execFileSync(capture[0]!, [...capture.slice(1), '--trace-reads', trace], { env });
    const written = join(dir, 'written.db');
    const stackEnv = options.stackEnv ?? env;
    const baselines: Baseline[] = [
      { what: "the capture's reads replayed in C (floor.c)", series: timeSeries([buildFloor(dir), trace], runs, env) },
      { what: "the capture's reads replayed by Node alone (node-reads.mjs)", series: timeSeries(nodeReadsCommand(trace), runs, stackEnv) },
      { what: "the capture's rows written by SQLite alone (sqlite-write.mjs)", series: timeSeries(sqliteWriteCommand(snapshot, written), runs, stackEnv, () => rmSync(written, { force: true })) },
    ];
    return { what: `offline capture of a generated ${containers}-container Docker root`, series, target: OFFLINE_TARGET.wallSeconds, baselines };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [containers = String(OFFLINE_CONTAINERS), runs = '3'] = process.argv.slice(2);
  const cli = fileURLToPath(new URL('../../src/cli/docksnap', import.meta.url));
  const { series, what, baselines = [] } = measureOffline10k(cli, Number(runs), process.env, { containers: Number(containers) });
  const median = (x: { median: number }) => x.median.toFixed(2);
  process.stdout.write(
    `${what}: wall ${median(series.wall)} s (target < ${OFFLINE_TARGET.wallSeconds} s), CPU ${median(series.cpu)} s, peak RSS ${median(series.maxRssMiB)} MiB (target < ${OFFLINE_TARGET.rssMiB} MiB)\n` +
      baselines.map((b) => `  ${b.what}: wall ${median(b.series.wall)} s\n`).join(''),
  );
}
