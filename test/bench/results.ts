import { execFileSync } from 'node:child_process';
import { cpus, loadavg, release, totalmem } from 'node:os';
import type { Engine } from '../helpers/engine.js';
import type { Series, Summary } from './measure.js';
import { renderReportFigures, type ReportFigures } from './report-200.js';
import { describeInspects, type InspectCount } from './inspects.js';
import { describeFailures, type ScriptedFailures } from './scripted.js';
import { marginalMs, targets } from './targets.js';
import { TOOL_VERSION } from '../../src/version.js';

export interface CaptureFigures {
  readonly n: number;
  readonly capture: Series;
  readonly floor: Series;
  /** The traced file reads replayed by Node alone (node-reads.mjs): the language's floor for the reads. */
  readonly nodeReads: Series;
  /** The capture's rows written into a new snapshot inside SQLite (sqlite-write.mjs): better-sqlite3's floor for the write. */
  readonly sqliteWrite: Series;
  /** The floor's API requests (inspects among them) and curl's --parallel-max. */
  readonly floorApi: { readonly requests: number; readonly inspects: number; readonly parallel: number };
  /** Absent above --scripted-up-to. */
  readonly scripted: { readonly series: Series; readonly failures: ScriptedFailures } | undefined;
  readonly inspects: InspectCount;
  readonly traceLines: number;
  /** Seconds it took to grow the engine from the previous size to this one. */
  readonly growSeconds: number;
}

export interface ExtraFigure {
  readonly what: string;
  readonly series: Series;
  /** Target wall time in seconds, when there is one. */
  readonly target: number | undefined;
  /** For a target on memory: the population size whose plain capture it is compared with. */
  readonly n?: number;
  /** What the same job costs the stack alone, timed in the same run: the figure is also given as a ratio to each. */
  readonly baselines?: readonly Baseline[];
}

/** A whole process that does the least of a job docksnap does, on the same input in the same run. */
export interface Baseline {
  readonly what: string;
  readonly series: Series;
}

export interface Results {
  readonly machine: Record<string, string>;
  readonly runs: number;
  readonly sizesAsked: readonly number[];
  readonly capture: CaptureFigures[];
  readonly extra: ExtraFigure[];
  /** Where and why the population stopped below a size asked for. */
  stopped?: string;
  /** The HTML report of the reference capture, when `report` is built. */
  report?: ReportFigures;
  /** The error that ended the run early: what was measured before it is still reported. */
  failure?: string;
  /** Said at the top of the file (--note), e.g. that this was a small run on a loaded machine. */
  readonly note?: string;
}

export function machineFacts(engine: Engine): Record<string, string> {
  const commit = (() => {
    try {
      return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  })();
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cpu: `${cpus()[0]?.model ?? 'unknown'} × ${cpus().length} cores`,
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    'load average at start': loadavg().map((l) => l.toFixed(2)).join(' '),
    kernel: release(),
    node: process.version,
    docker: engine.docker(['version', '--format', '{{.Server.Version}} (containerd {{range .Server.Components}}{{if eq .Name "containerd"}}{{.Version}}{{end}}{{end}})']),
    docksnap: `${TOOL_VERSION} (${commit})`,
  };
}

const s = (x: Summary, digits = 2) => `${x.median.toFixed(digits)} (${x.min.toFixed(digits)}–${x.max.toFixed(digits)})`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

export function renderResults(results: Results): string {
  const rows = results.capture;
  const pairs = rows.slice(1).map((b, i) => [rows[i]!, b] as const);
  const out: string[] = [
    '# docksnap benchmarks',
    '',
    ...(results.note ? [`**${results.note}**`, ''] : []),
    'Written by `npm run bench` (test/bench/run.ts). Whole-process figures from `/usr/bin/time`: median of',
    `${results.runs} runs after one warm-up, min–max in parentheses; CPU is user + system time; RSS is peak resident memory.`,
    'The floor replays exactly the reads the capture made (`capture --trace-reads`) with test/bench/floor.c while, at the',
    'same time, curl makes the same API requests in parallel (`--parallel`, one connection per request in flight, as',
    'docksnap does): the daemon endpoints and the container list, then every inspect. The scripted collection is',
    '`docker version`, `docker info`, `docker ps -a`, one `docker inspect` per container, `docker images`,',
    '`docker network ls`, `docker volume ls` and `lsof -nP`, serially, against the same private engine; every',
    'command\'s exit status and stderr are kept and counted. The marginal cost is the difference between two sizes',
    'divided by the containers added, so start-up does not average away. "Inspects" counts the',
    '`/containers/<id>/json` rows in the snapshot of every run against the containers the engine has.',
    '',
    '## Machine',
    '',
    ...Object.entries(results.machine).map(([k, v]) => `- ${k}: ${v}`),
    ...(results.stopped ? [`- population: ${results.stopped}`] : []),
    ...(results.failure ? [`- **the run failed**: ${results.failure}`] : []),
    '',
    '## Capture (wall seconds)',
    '',
    '| N | docksnap | floor | docksnap/floor | scripted docker CLI | CLI/docksnap | inspects in the snapshot | reads traced |',
    '| ---: | --- | --- | ---: | --- | ---: | --- | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.n} | ${s(r.capture.wall)} | ${s(r.floor.wall)} | ${ratio(r.capture.wall.median, r.floor.wall.median)} | ${r.scripted ? s(r.scripted.series.wall) : 'not run'} | ${r.scripted ? ratio(r.scripted.series.wall.median, r.capture.wall.median) : ''} | ${describeInspects(r.inspects)} | ${r.traceLines} |`,
    ),
    '',
    "## The stack's own floor (wall seconds)",
    '',
    'What Node and better-sqlite3 need for the two halves of a capture with no work of docksnap\'s in between, each a',
    'whole process with Node\'s start: Node\'s reads alone replay the same traced reads with the synchronous fs calls',
    'docksnap\'s readers use and nothing else (test/bench/node-reads.mjs: no parsing, no API); SQLite\'s write alone',
    'writes the capture\'s own rows into a new snapshot file inside SQLite, one INSERT … SELECT per table, journal off,',
    'one fsync (test/bench/sqlite-write.mjs). The target of 2× the floor is the last column.',
    '',
    "| N | floor | Node's reads alone | reads: Node/C floor | SQLite's write alone | reads + write | docksnap | 2× floor |",
    '| ---: | --- | --- | ---: | --- | ---: | --- | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.n} | ${s(r.floor.wall)} | ${s(r.nodeReads.wall)} | ${ratio(r.nodeReads.wall.median, r.floor.wall.median)} | ${s(r.sqliteWrite.wall)} | ${(r.nodeReads.wall.median + r.sqliteWrite.wall.median).toFixed(2)} | ${s(r.capture.wall)} | ${(2 * r.floor.wall.median).toFixed(2)} |`,
    ),
    '',
    '## Marginal cost per container added (ms)',
    '',
    '| from N to N | docksnap wall | docksnap CPU | floor wall | docksnap/floor |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...(pairs.length === 0 ? ['| (one size measured) | | | | |'] : []),
    ...pairs.map(([a, b]) => {
      const wall = marginalMs(a, b, (r) => r.capture.wall.median);
      const floor = marginalMs(a, b, (r) => r.floor.wall.median);
      return `| ${a.n} → ${b.n} | ${wall.toFixed(2)} | ${marginalMs(a, b, (r) => r.capture.cpu.median).toFixed(2)} | ${floor.toFixed(2)} | ${ratio(wall, floor)} |`;
    }),
    '',
    '## Capture: CPU seconds and peak RSS (MiB)',
    '',
    '| N | docksnap CPU | floor CPU | scripted CPU | docksnap RSS | floor RSS | scripted RSS (largest process) |',
    '| ---: | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.n} | ${s(r.capture.cpu)} | ${s(r.floor.cpu)} | ${r.scripted ? s(r.scripted.series.cpu) : 'not run'} | ${s(r.capture.maxRssMiB, 0)} | ${s(r.floor.maxRssMiB, 0)} | ${r.scripted ? s(r.scripted.series.maxRssMiB, 0) : ''} |`),
    '',
    '## The scripted docker CLI: failures (warm-up included)',
    '',
    '| N | failed commands and stderr |',
    '| ---: | --- |',
    ...rows.map((r) => `| ${r.n} | ${r.scripted ? describeFailures(r.scripted.failures) : 'not run'} |`),
    '',
    "## Growing the engine; the floor's requests",
    '',
    '| to N | seconds to grow | the floor\'s API requests (inspects) | curl --parallel-max |',
    '| ---: | ---: | ---: | ---: |',
    ...rows.map((r) => `| ${r.n} | ${r.growSeconds.toFixed(0)} | ${r.floorApi.requests} (${r.floorApi.inspects}) | ${r.floorApi.parallel} |`),
    '',
    ...(results.extra.length > 0
      ? [
          '## Diff, bundles, a 1 GiB log',
          '',
          '| what | wall s | CPU s | peak RSS MiB | target |',
          '| --- | --- | --- | --- | --- |',
          ...results.extra.map((e) => `| ${e.what} | ${s(e.series.wall)} | ${s(e.series.cpu)} | ${s(e.series.maxRssMiB, 0)} | ${e.target === undefined ? 'RSS flat' : `< ${e.target} s`} |`),
          '',
        ]
      : []),
    ...renderBaselines(results.extra),
    '## Targets',
    '',
    ...targets(results),
    '',
    ...(results.report ? renderReportFigures(results.report) : []),
  ];
  return out.join('\n');
}

/** Each figure of `extra` that has baselines, beside them: what the machine gives the stack for the same job in the same run. */
function renderBaselines(extra: readonly ExtraFigure[]): string[] {
  const rows = extra.flatMap((e) => (e.baselines ?? []).map((b) => ({ e, b })));
  if (rows.length === 0) return [];
  return [
    '## Baselines in the same run (wall seconds)',
    '',
    'The least the stack (Node with better-sqlite3, or C) needs for the same job on the same input, each a whole',
    'process timed beside docksnap in this run, so that a figure can be read against the machine it ran on:',
    'test/bench/read-both.mjs reads both snapshots whole into JavaScript (after quick_check, as docksnap opens a',
    'file) and compares nothing; test/bench/copy-gzip.mjs checks the snapshot, copies it by VACUUM INTO and',
    'gzip-compresses the copy (no redaction, no report, no tar); the offline floors replay the offline capture\'s',
    'traced reads (floor.c, node-reads.mjs) and write its rows (sqlite-write.mjs), as for the live capture above.',
    '',
    '| what | docksnap | baseline | baseline | docksnap/baseline |',
    '| --- | --- | --- | --- | ---: |',
    ...rows.map(({ e, b }) => `| ${e.what} | ${s(e.series.wall)} | ${b.what} | ${s(b.series.wall)} | ${ratio(e.series.wall.median, b.series.wall.median)} |`),
    '',
  ];
}
