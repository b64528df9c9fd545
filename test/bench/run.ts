/**
 * `npm run bench`: what capture, diff and bundles cost as the host grows, against the floor
 * (the same reads replayed by test/bench/floor.c while curl makes the same API requests in
 * parallel), against the stack's own floor (the same reads replayed by Node alone, the capture's
 * rows written by SQLite alone) and against the docker CLI collection people script today. Starts a private engine,
 * grows it to each N (stopping, and saying why, when the machine cannot hold more), times whole
 * processes with /usr/bin/time, and writes the results outside the checkout
 * ($TMPDIR/docksnap-bench/RESULTS-<UTC time>.md, or --output FILE); --update-results writes the
 * committed test/bench/RESULTS.md instead.
 * Options: --sizes 50,200,1000  --runs 5  --log-gib 1  --grow-minutes 30  --scripted-up-to 200
 *          --capture-only (no diff, bundles, report or big log)  --note TEXT  --output FILE  --update-results
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { Engine, startEngine } from '../helpers/engine.js';
import { ensureBenchTools } from './tools.js';
import { timeSeries } from './measure.js';
import { growTo } from './population.js';
import { growLog } from './big-log.js';
import { measureReport } from './report-200.js';
import { measureCompare, renderCompareFigures } from './compare-hosts.js';
import { measureOffline10k } from './offline-10k.js';
import { buildFloor, copyGzipCommand, floorCommand, nodeReadsCommand, readBothCommand, sqliteWriteCommand } from './floor.js';
import { ScriptedCollection } from './scripted.js';
import { countInspects, newInspectCount } from './inspects.js';
import { hostHeadroom } from './headroom.js';
import { stopBenchEngine } from './teardown.js';
import { REFERENCE_N } from './targets.js';
import { machineFacts, renderResults, type CaptureFigures, type Results } from './results.js';

// What users run: the package's bin, which starts the CLI from its start-up snapshot.
const CLI = fileURLToPath(new URL('../../src/cli/docksnap', import.meta.url));
const COMMITTED_RESULTS = fileURLToPath(new URL('./RESULTS.md', import.meta.url));

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

const sizes = [...new Set(option('sizes', `50,${REFERENCE_N},1000`).split(',').map(Number))].sort((a, b) => a - b);
if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--sizes: positive whole numbers, comma-separated`);
const runs = Number(option('runs', '5'));
const logGiB = Number(option('log-gib', '1'));
const scriptedUpTo = Number(option('scripted-up-to', String(REFERENCE_N)));
const captureOnly = process.argv.includes('--capture-only');
const note = process.argv.includes('--note') ? option('note', '') : undefined;
// Time spent growing the engine, over all sizes (measuring in between does not count).
let growSecondsLeft = Number(option('grow-minutes', '30')) * 60;
// What the machine keeps free while the engine grows: it is shared, and captures need memory too.
const reserveMiB = Math.max(2048, hostHeadroom().memTotalMiB * 0.1);
const extrasAt = sizes.includes(REFERENCE_N) ? REFERENCE_N : sizes.at(-1)!;
const built = new Set(COMMANDS.map((c) => c.command.split(' ')[0]));
const resultsFile = process.argv.includes('--update-results')
  ? COMMITTED_RESULTS
  : resolve(option('output', join(tmpdir(), 'docksnap-bench', `RESULTS-${new Date().toISOString().replace(/[-:]|\.\d+/g, '')}.md`)));

ensureBenchTools();
const work = mkdtempSync(join(tmpdir(), 'docksnap-bench-'));
const floor = buildFloor(work);
const env: NodeJS.ProcessEnv = { ...process.env, XDG_CONFIG_HOME: join(work, 'config'), DOCKER_CONFIG: join(work, 'docker-config'), NO_COLOR: '1' };
// docksnap's own launcher starts Node without NODE_EXTRA_CA_CERTS (it costs every start a TLS root store); so do the stack's floors.
const { NODE_EXTRA_CA_CERTS: _extraCa, ...stackFloorEnv } = env;
const info = await startEngine();
const engine = new Engine(info, true);
const docksnap = (...args: string[]) => [CLI, ...args];
const say = (text: string) => process.stderr.write(`docksnap bench: ${text}\n`);

const results: Results = { machine: machineFacts(engine), runs, sizesAsked: sizes, capture: [], extra: [], ...(note ? { note } : {}) };
let failure: unknown;
try {
  let present = 0;
  for (const n of sizes) {
    const growth = await growTo(engine, n, present, { deadline: Date.now() + growSecondsLeft * 1000, reserveMiB });
    growSecondsLeft -= growth.seconds;
    say(`${growth.reached} containers running (${growth.seconds.toFixed(0)} s to grow)${growth.stopped ? `: ${growth.stopped}` : ''}`);
    if (growth.stopped) results.stopped = growth.stopped;
    if (growth.reached > present) results.capture.push(measureCapture(growth.reached, growth.seconds));
    present = growth.reached;
    say(`N=${present} measured`);
    if (n === extrasAt && !captureOnly && !growth.stopped) await measureExtras(results, n);
    if (growth.stopped) break;
  }
} catch (error) {
  // What was measured before the failure is still written, with the failure named.
  failure = error;
  results.failure = error instanceof Error ? error.message : String(error);
} finally {
  say(`stopping the engine`);
  const population = `${results.capture.at(-1)?.n ?? 0} containers`;
  results.machine['engine teardown'] = `${(await stopBenchEngine(info)).toFixed(0)} s with ${population} (bounded: containers killed by pid, removal capped, the daemon stopped by pid)`;
  say(`engine stopped: ${results.machine['engine teardown']}`);
  rmSync(work, { recursive: true, force: true });
}
results.machine['load average at end'] = loadavg().map((l) => l.toFixed(2)).join(' ');
results.machine['bench duration'] = `${(performance.now() / 60_000).toFixed(0)} min`;
// The 1,000-host comparison needs no engine: generated snapshots, measured after it is stopped.
const compare = built.has('compare') && !captureOnly && failure === undefined ? await measureCompare(CLI, 1000, 50, Math.min(runs, 2), env) : undefined;
// The offline capture of a generated 10,000-container Docker root needs no engine either.
if (built.has('capture') && !captureOnly && failure === undefined) results.extra.push(measureOffline10k(CLI, Math.min(runs, 2), env, { stackEnv: stackFloorEnv }));
mkdirSync(dirname(resultsFile), { recursive: true });
writeFileSync(resultsFile, renderResults(results) + (compare ? `\n${renderCompareFigures(compare).join('\n')}` : ''));
say(`wrote ${resultsFile}${resultsFile === COMMITTED_RESULTS ? '' : ' (--update-results writes test/bench/RESULTS.md)'}`);
if (failure) throw failure;

function measureCapture(n: number, growSeconds: number): CaptureFigures {
  const snapshot = join(work, `n${n}.db`);
  const trace = join(work, `n${n}.trace`);
  const inspects = newInspectCount(engine.docker(['ps', '-aq']).split('\n').filter(Boolean).length);
  const capture = timeSeries(docksnap('capture', '--docker-host', info.host, '-o', snapshot, '--force', '-q'), runs, env, undefined, undefined, () => countInspects(snapshot, inspects));
  execFileSync(CLI, ['capture', '--docker-host', info.host, '-o', snapshot, '--force', '-q', '--trace-reads', trace, '--force'], { env });
  const floorRun = floorCommand(floor, trace, info.socket, work);
  const written = join(work, `n${n}-written.db`);
  const scripted = n <= scriptedUpTo ? new ScriptedCollection(info.host, join(work, `scripted-${n}`)) : undefined;
  return {
    n,
    capture,
    floor: timeSeries(floorRun.argv, runs, env),
    nodeReads: timeSeries(nodeReadsCommand(trace), runs, stackFloorEnv),
    sqliteWrite: timeSeries(sqliteWriteCommand(snapshot, written), runs, stackFloorEnv, () => rmSync(written, { force: true })),
    floorApi: { requests: floorRun.requests, inspects: floorRun.inspects, parallel: floorRun.parallel },
    scripted: scripted && { series: timeSeries(scripted.argv, runs, env, undefined, undefined, scripted.check), failures: scripted.failures() },
    inspects,
    traceLines: Number(spawnSync('wc', ['-l', trace], { encoding: 'utf8' }).stdout.trim().split(' ')[0]),
    growSeconds,
  };
}

/** Diff, export, import and the HTML report of an N-container capture, and capture with one big log. */
async function measureExtras(into: Results, n: number): Promise<void> {
  const a = join(work, 'a.db');
  const b = join(work, 'b.db');
  execFileSync(CLI, ['capture', '--docker-host', info.host, '-o', a, '-q'], { env });
  execFileSync(CLI, ['capture', '--docker-host', info.host, '-o', b, '-q'], { env });
  if (built.has('diff')) {
    const diff = timeSeries(docksnap('diff', a, b, '--format', 'json'), runs, env, undefined, [0, 1]);
    const readBoth = timeSeries(readBothCommand(a, b), runs, stackFloorEnv);
    into.extra.push({ what: `diff of two ${n}-container snapshots`, series: diff, target: 0.5, baselines: [{ what: 'reading both snapshots whole (read-both.mjs)', series: readBoth }] });
  }
  if (built.has('export')) {
    const bundle = join(work, 'a.tar');
    const exported = timeSeries(docksnap('export', a, '-o', bundle, '--force'), runs, env);
    const copied = join(work, 'copy.gz');
    const copyGzip = timeSeries(copyGzipCommand(a, copied), runs, stackFloorEnv, () => rmSync(copied, { force: true }));
    into.extra.push({ what: `export of a ${n}-container snapshot`, series: exported, target: 1, baselines: [{ what: 'a checked, compacted, gzip-compressed copy (copy-gzip.mjs)', series: copyGzip }] });
    if (built.has('import')) {
      into.extra.push({ what: `import of a ${n}-container snapshot`, series: timeSeries(docksnap('import', bundle, '-o', join(work, 'imported.db'), '--force'), runs, env), target: 2 });
    }
  }
  if (built.has('report')) into.report = await measureReport(CLI, a, n, runs, env);
  if (n <= 10) return; // the big log is bench-010's
  const restore = growLog(engine, logGiB);
  try {
    const big = timeSeries(docksnap('capture', '--docker-host', info.host, '-o', join(work, 'big.db'), '--force', '-q'), runs, env);
    into.extra.push({ what: `capture at N=${n} with one ${logGiB} GiB json log`, series: big, target: undefined, n });
  } finally {
    restore();
  }
}
