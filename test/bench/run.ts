/**
 * `npm run bench`: what capture, diff and bundles cost as the host grows, against the floor
 * (the same reads replayed by test/bench/floor.c plus one keep-alive curl for the API) and
 * against the docker CLI collection people script today. Starts a private engine, grows it to
 * each N, times whole processes with /usr/bin/time, and writes the results outside the checkout
 * ($TMPDIR/docksnap-bench/RESULTS-<UTC time>.md, or --output FILE); --update-results writes the
 * committed test/bench/RESULTS.md instead.
 * Options: --sizes 10,50,200  --runs 5  --log-gib 1  --output FILE  --update-results
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { Engine, startEngine, stopEngine } from '../helpers/engine.js';
import { ensureBenchTools } from './tools.js';
import { timeSeries } from './measure.js';
import { growTo } from './population.js';
import { growLog } from './big-log.js';
import { measureReport } from './report-200.js';
import { measureCompare, renderCompareFigures } from './compare-hosts.js';
import { machineFacts, renderResults, type CaptureFigures, type Results } from './results.js';

const CLI = fileURLToPath(new URL('../../dist/docksnap.mjs', import.meta.url));
const COMMITTED_RESULTS = fileURLToPath(new URL('./RESULTS.md', import.meta.url));
const FLOOR_SOURCE = fileURLToPath(new URL('./floor.c', import.meta.url));

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

const sizes = option('sizes', '10,50,200').split(',').map(Number);
const runs = Number(option('runs', '5'));
const logGiB = Number(option('log-gib', '1'));
const built = new Set(COMMANDS.map((c) => c.command.split(' ')[0]));
const resultsFile = process.argv.includes('--update-results')
  ? COMMITTED_RESULTS
  : resolve(option('output', join(tmpdir(), 'docksnap-bench', `RESULTS-${new Date().toISOString().replace(/[-:]|\.\d+/g, '')}.md`)));

ensureBenchTools();
const work = mkdtempSync(join(tmpdir(), 'docksnap-bench-'));
const floor = join(work, 'floor');
execFileSync('cc', ['-O2', '-o', floor, FLOOR_SOURCE]);
const env = { ...process.env, XDG_CONFIG_HOME: join(work, 'config'), DOCKER_CONFIG: join(work, 'docker-config'), NO_COLOR: '1' };
const info = await startEngine();
const engine = new Engine(info, true);
// The bin itself, as users run it (its shebang sets the Node flags docksnap runs with).
const docksnap = (...args: string[]) => [CLI, ...args];

try {
  const results: Results = { machine: machineFacts(engine), runs, capture: [], extra: [] };
  let present = 0;
  for (const n of sizes) {
    growTo(engine, n, present);
    present = n;
    results.capture.push(measureCapture(n));
    process.stderr.write(`N=${n} done\n`);
  }
  const largest = sizes.at(-1)!;
  const a = join(work, 'a.db');
  const b = join(work, 'b.db');
  execFileSync(CLI, ['capture', '--docker-host', info.host, '-o', a, '-q'], { env });
  execFileSync(CLI, ['capture', '--docker-host', info.host, '-o', b, '-q'], { env });
  if (built.has('diff')) results.extra.push({ what: `diff of two ${largest}-container snapshots`, series: timeSeries(docksnap('diff', a, b, '--format', 'json'), runs, env, undefined, [0, 1]), target: 0.5 });
  if (built.has('export')) {
    const bundle = join(work, 'a.tar');
    results.extra.push({ what: `export of a ${largest}-container snapshot`, series: timeSeries(docksnap('export', a, '-o', bundle, '--force'), runs, env), target: 2 });
    if (built.has('import')) {
      results.extra.push({ what: `import of a ${largest}-container snapshot`, series: timeSeries(docksnap('import', bundle, '-o', join(work, 'imported.db'), '--force'), runs, env), target: 2 });
    }
  }
  if (built.has('report')) results.report = await measureReport(CLI, a, largest, runs, env);
  const compare = built.has('compare') ? await measureCompare(CLI, 1000, 50, Math.min(runs, 2), env) : undefined;
  const restore = growLog(engine, logGiB);
  try {
    const big = timeSeries(docksnap('capture', '--docker-host', info.host, '-o', join(work, 'big.db'), '--force', '-q'), runs, env);
    results.extra.push({ what: `capture at N=${largest} with one ${logGiB} GiB json log`, series: big, target: undefined });
  } finally {
    restore();
  }
  mkdirSync(dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile, renderResults(results) + (compare ? `\n${renderCompareFigures(compare).join('\n')}` : ''));
  process.stderr.write(`wrote ${resultsFile}${resultsFile === COMMITTED_RESULTS ? '' : ' (--update-results writes test/bench/RESULTS.md)'}\n`);
} finally {
  await stopEngine(info);
  rmSync(work, { recursive: true, force: true });
}

function measureCapture(n: number): CaptureFigures {
  const snapshot = join(work, `n${n}.db`);
  const trace = join(work, `n${n}.trace`);
  const capture = timeSeries(docksnap('capture', '--docker-host', info.host, '-o', snapshot, '--force', '-q'), runs, env);
  execFileSync(CLI, ['capture', '--docker-host', info.host, '-o', snapshot, '--force', '-q', '--trace-reads', trace, '--force'], { env });
  const curlConfig = join(work, `n${n}.curl`);
  writeFileSync(curlConfig, curlRequests(trace));
  const floorRun = timeSeries(['sh', '-c', `"$0" "$1" >/dev/null && curl -s --unix-socket "$2" -K "$3"`, floor, trace, info.socket, curlConfig], runs, env);
  const scripted = timeSeries(['sh', '-c', scriptedCollection(), info.host], runs, env);
  return { n, capture, floor: floorRun, scripted, traceLines: Number(spawnSync('wc', ['-l', trace], { encoding: 'utf8' }).stdout.trim().split(' ')[0]) };
}

/** The API requests of a trace as a curl config: one process, one keep-alive connection. */
function curlRequests(trace: string): string {
  const lines = spawnSync('grep', ['^api', trace], { encoding: 'utf8' }).stdout.trim().split('\n');
  return lines.map((line) => `url = "http://localhost${line.replace(/^api\tGET /, '')}"\noutput = "/dev/null"\n`).join('');
}

/** What a bug-report script collects with the docker CLI (sos's docker plugin, serially), plus lsof for the fds. */
function scriptedCollection(): string {
  return [
    'D="docker -H $0"',
    '{ $D version; $D info; $D ps -a',
    'for id in $($D ps -aq); do $D inspect "$id"; done',
    '$D images; $D network ls; $D volume ls; lsof -nP; } >/dev/null 2>&1; true',
  ].join('\n');
}


