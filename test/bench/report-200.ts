/**
 * What `docksnap report` costs at scale: the time to write the page, its size, and the time until
 * it is interactive in the system Chromium (opened from file://, until a typed filter has been
 * applied to the container table), against a baseline in the same browser: an empty report page.
 * `npx tsx test/bench/report-200.ts [N]` measures a synthetic N-container snapshot (the shape of
 * bench/bundle-200.ts), `npx tsx test/bench/report-200.ts N FILE` the snapshot FILE of N
 * containers; `npm run bench` measures the live 200-container capture.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser } from 'puppeteer-core';
import { html } from '../../src/render/html.js';
import { renderPage } from '../../src/render/report-page.js';
import { writeSnapshotFile } from '../../src/store/write.js';
import { closeBrowser, launchBrowser } from '../helpers/browser.js';
import { summarize, timeSeries, type Series, type Summary } from './measure.js';

export interface ReportFigures {
  readonly containers: number;
  readonly write: Series;
  readonly sizeMiB: number;
  /** ms from navigation start until a filter typed into the container table has been applied. */
  readonly interactiveMs: Summary;
  readonly baselineMs: Summary;
}

export async function measureReport(cli: string, snapshot: string, containers: number, runs: number, env: NodeJS.ProcessEnv): Promise<ReportFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'docksnap-bench-report-'));
  try {
    const page = join(dir, 'report.html');
    const write = timeSeries([cli, 'report', snapshot, '-o', page, '--force'], runs, env);
    const empty = join(dir, 'empty.html');
    writeFileSync(empty, renderPage('empty', html`<input class="filter" data-target="#containers tbody tr" data-count="none"><table id="containers"><tbody><tr><td>x</td></tr></tbody></table>`));
    const browser = await launchBrowser();
    try {
      const interactive: number[] = [];
      const baseline: number[] = [];
      for (let i = 0; i < runs; i++) {
        baseline.push(await timeToInteractive(browser, empty));
        interactive.push(await timeToInteractive(browser, page));
      }
      return { containers, write, sizeMiB: statSync(page).size / 1024 / 1024, interactiveMs: summarize(interactive), baselineMs: summarize(baseline) };
    } finally {
      await closeBrowser(browser);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function timeToInteractive(browser: Browser, path: string): Promise<number> {
  const page = await browser.newPage();
  try {
    await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
    return await page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { querySelector(s: string): { value: string; dispatchEvent(e: unknown): void } } }).document;
      const input = doc.querySelector('input.filter');
      input.value = 'zzz-no-such-container';
      input.dispatchEvent(new Event('input'));
      return performance.now();
    });
  } finally {
    await page.close();
  }
}

export function renderReportFigures(r: ReportFigures): string[] {
  const ms = (s: Summary) => `${s.median.toFixed(0)} ms (${s.min.toFixed(0)}–${s.max.toFixed(0)})`;
  const ratio = r.interactiveMs.median / r.baselineMs.median;
  return [
    `## HTML report of ${r.containers} containers`,
    '',
    '| what | figure | target |',
    '| --- | --- | --- |',
    `| \`docksnap report\` wall time | ${r.write.wall.median.toFixed(2)} s (CPU ${r.write.cpu.median.toFixed(2)} s, peak RSS ${r.write.maxRssMiB.max.toFixed(0)} MiB) | < 2 s |`,
    `| page size | ${r.sizeMiB.toFixed(2)} MiB | a few MiB (< 5) |`,
    `| Chromium: navigation start to a filter applied | ${ms(r.interactiveMs)} | < 2000 ms |`,
    `| baseline: the same for an empty report page | ${ms(r.baselineMs)} | |`,
    `| ratio to the baseline | ${ratio.toFixed(1)}× | |`,
    '',
    `- ${r.write.wall.median < 2 ? 'met' : 'MISSED'}: report written in under 2 s: ${r.write.wall.median.toFixed(2)} s`,
    `- ${r.sizeMiB < 5 ? 'met' : 'MISSED'}: page under 5 MiB: ${r.sizeMiB.toFixed(2)} MiB`,
    `- ${r.interactiveMs.median < 2000 ? 'met' : 'MISSED'}: interactive in Chromium within 2 s: ${r.interactiveMs.median.toFixed(0)} ms`,
    '',
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const containers = Number(process.argv[2] ?? 200);
  const { synthesize } = await import('./synthetic-host.js');
  const dir = mkdtempSync(join(tmpdir(), 'docksnap-bench-'));
  try {
    const given = process.argv[3];
    const source = given ?? join(dir, 'source.db');
    if (given === undefined) await writeSnapshotFile(source, synthesize(containers), { force: false });
    const cli = fileURLToPath(new URL('../../src/cli/docksnap', import.meta.url));
    execFileSync(cli, ['--version']);
    const figures = await measureReport(cli, source, containers, 5, process.env);
    process.stdout.write(`snapshot ${(statSync(source).size / 1024 / 1024).toFixed(1)} MiB\n${renderReportFigures(figures).join('\n')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
