import { execFileSync } from 'node:child_process';
import { cpus, release, totalmem } from 'node:os';
import type { Engine } from '../helpers/engine.js';
import type { Series, Summary } from './measure.js';
import { renderReportFigures, type ReportFigures } from './report-200.js';
import { TOOL_VERSION } from '../../src/version.js';

export interface CaptureFigures {
  readonly n: number;
  readonly capture: Series;
  readonly floor: Series;
  readonly scripted: Series;
  readonly traceLines: number;
}

export interface ExtraFigure {
  readonly what: string;
  readonly series: Series;
  /** Target wall time in seconds, when there is one. */
  readonly target: number | undefined;
}

export interface Results {
  readonly machine: Record<string, string>;
  readonly runs: number;
  readonly capture: CaptureFigures[];
  readonly extra: ExtraFigure[];
  /** The HTML report of the largest capture, when `report` is built. */
  report?: ReportFigures;
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
  const out: string[] = [
    '# docksnap benchmarks',
    '',
    'Written by `npm run bench` (test/bench/run.ts). Whole-process figures from `/usr/bin/time`: median of',
    `${results.runs} runs after one warm-up, min–max in parentheses; CPU is user + system time; RSS is peak resident memory.`,
    'The floor replays exactly the reads the capture made (`capture --trace-reads`) with test/bench/floor.c, then',
    'makes the same API requests with one curl process over one keep-alive connection. The scripted collection is',
    '`docker version`, `docker info`, `docker ps -a`, one `docker inspect` per container, `docker images`,',
    '`docker network ls`, `docker volume ls` and `lsof -nP`, serially, against the same private engine.',
    '',
    '## Machine',
    '',
    ...Object.entries(results.machine).map(([k, v]) => `- ${k}: ${v}`),
    '',
    '## Capture (wall seconds)',
    '',
    '| N | docksnap | floor | docksnap/floor | scripted docker CLI | CLI/docksnap | docksnap per container (ms) | reads traced |',
    '| ---: | --- | --- | ---: | --- | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.n} | ${s(r.capture.wall)} | ${s(r.floor.wall)} | ${ratio(r.capture.wall.median, r.floor.wall.median)} | ${s(r.scripted.wall)} | ${ratio(r.scripted.wall.median, r.capture.wall.median)} | ${((1000 * r.capture.wall.median) / r.n).toFixed(1)} | ${r.traceLines} |`,
    ),
    '',
    '## Capture: CPU seconds and peak RSS (MiB)',
    '',
    '| N | docksnap CPU | floor CPU | scripted CPU | docksnap RSS | floor RSS | scripted RSS (largest process) |',
    '| ---: | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.n} | ${s(r.capture.cpu)} | ${s(r.floor.cpu)} | ${s(r.scripted.cpu)} | ${s(r.capture.maxRssMiB, 0)} | ${s(r.floor.maxRssMiB, 0)} | ${s(r.scripted.maxRssMiB, 0)} |`),
    '',
    '## Diff, bundles, a 1 GiB log',
    '',
    '| what | wall s | CPU s | peak RSS MiB | target |',
    '| --- | --- | --- | --- | --- |',
    ...results.extra.map((e) => `| ${e.what} | ${s(e.series.wall)} | ${s(e.series.cpu)} | ${s(e.series.maxRssMiB, 0)} | ${e.target === undefined ? 'RSS flat' : `< ${e.target} s`} |`),
    '',
    '## Targets',
    '',
    ...targets(results),
    '',
    ...(results.report ? renderReportFigures(results.report) : []),
  ];
  return out.join('\n');
}

function targets(results: Results): string[] {
  const byN = new Map(results.capture.map((r) => [r.n, r]));
  const lines: string[] = [];
  const check = (ok: boolean, text: string) => lines.push(`- ${ok ? 'met' : 'MISSED'}: ${text}`);
  const largest = results.capture.at(-1);
  const n50 = byN.get(50);
  if (largest) {
    const floorRatio = largest.capture.wall.median / largest.floor.wall.median;
    check(floorRatio <= 2, `capture within 2× of the floor at N=${largest.n}: ${floorRatio.toFixed(2)}×`);
    const cliRatio = largest.scripted.wall.median / largest.capture.wall.median;
    check(cliRatio >= 2, `at least 2× faster than the scripted docker CLI at N=${largest.n}: ${cliRatio.toFixed(2)}×`);
    check(largest.capture.maxRssMiB.max < 150, `peak RSS under 150 MiB at N=${largest.n}: ${largest.capture.maxRssMiB.max.toFixed(0)} MiB (largest run)`);
  }
  if (largest && n50 && largest !== n50) {
    const growth = largest.capture.wall.median / largest.n / (n50.capture.wall.median / n50.n);
    check(growth <= 1.3, `per-container cost at N=${largest.n} within 1.3× of N=50: ${growth.toFixed(2)}×`);
  }
  for (const extra of results.extra) {
    if (extra.target !== undefined) check(extra.series.wall.median < extra.target, `${extra.what} under ${extra.target} s: ${extra.series.wall.median.toFixed(2)} s (CPU ${extra.series.cpu.median.toFixed(2)} s)`);
    else if (largest) {
      const rss = extra.series.maxRssMiB.max;
      check(rss < 150 && rss <= largest.capture.maxRssMiB.max * 1.1, `${extra.what}: peak RSS ${rss.toFixed(0)} MiB vs ${largest.capture.maxRssMiB.max.toFixed(0)} MiB without it, under 150 MiB`);
    }
  }
  return lines;
}
