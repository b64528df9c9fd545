import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One whole-process run as GNU time reports it. */
export interface RunStats {
  readonly wall: number;
  readonly cpu: number;
  readonly maxRssKiB: number;
}

/** Runs of one command: the warm-up is dropped, the rest summarised. */
export interface Series {
  readonly runs: readonly RunStats[];
  readonly wall: Summary;
  readonly cpu: Summary;
  readonly maxRssMiB: Summary;
}

export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

const statsDir = mkdtempSync(join(tmpdir(), 'docksnap-bench-time-'));
process.on('exit', () => rmSync(statsDir, { recursive: true, force: true }));

/**
 * Times `argv` as a whole process with /usr/bin/time (wall, user+sys CPU, peak RSS of the
 * process tree's largest member). Output goes to /dev/null.
 * @throws Error when the command fails
 */
export function timeOnce(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, okCodes: readonly number[] = [0]): RunStats {
  const statsFile = join(statsDir, 'stats');
  const result = spawnSync('/usr/bin/time', ['-o', statsFile, '-f', '%e %U %S %M', ...argv], { env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (!okCodes.includes(result.status ?? -1)) throw new Error(`${argv.join(' ')} failed (${result.status}): ${result.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  const [wall = NaN, user = NaN, sys = NaN, rss = NaN] = readFileSync(statsFile, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
  return { wall, cpu: user + sys, maxRssKiB: rss };
}

/**
 * One warm-up run, then `runs` measured runs. `okCodes`: exit statuses that mean success (diff
 * exits 1 on differences). `afterEach` runs after every run, the warm-up included, to check what
 * the run wrote or said.
 */
export function timeSeries(argv: readonly string[], runs: number, env?: NodeJS.ProcessEnv, beforeEach?: () => void, okCodes?: readonly number[], afterEach?: () => void): Series {
  beforeEach?.();
  timeOnce(argv, env, okCodes);
  afterEach?.();
  const measured: RunStats[] = [];
  for (let i = 0; i < runs; i++) {
    beforeEach?.();
    measured.push(timeOnce(argv, env, okCodes));
    afterEach?.();
  }
  return {
    runs: measured,
    wall: summarize(measured.map((r) => r.wall)),
    cpu: summarize(measured.map((r) => r.cpu)),
    maxRssMiB: summarize(measured.map((r) => r.maxRssKiB / 1024)),
  };
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0] ?? NaN, max: sorted.at(-1) ?? NaN };
}
