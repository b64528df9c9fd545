import type { CaptureFigures, Results } from './results.js';
import { describeInspects, everyInspect } from './inspects.js';

/** The size the capture targets, diff and bundles are measured at, and the big host's size. */
export const REFERENCE_N = 200;
export const BIG_N = 1000;
const BASE_N = 50;

/** Milliseconds per container added between two sizes, of the figure `pick` takes. */
export function marginalMs(a: CaptureFigures, b: CaptureFigures, pick: (r: CaptureFigures) => number): number {
  return ((pick(b) - pick(a)) / (b.n - a.n)) * 1000;
}

/**
 * One line per target: `met`, `MISSED`, or `NOT MEASURED` (with why, and the figure at the
 * nearest size measured), each with its numbers.
 */
export function targets(results: Results): string[] {
  const byN = new Map(results.capture.map((r) => [r.n, r]));
  const lines: string[] = [];
  const check = (ok: boolean, text: string) => lines.push(`- ${ok ? 'met' : 'MISSED'}: ${text}`);
  const notMeasured = (text: string, why: string) => lines.push(`- NOT MEASURED: ${text} (${why})`);
  const reference = byN.get(REFERENCE_N);
  const base = byN.get(BASE_N);
  // The big host: N=1000, or the largest size above the reference that the machine held.
  const big = byN.get(BIG_N) ?? results.capture.filter((r) => r.n > REFERENCE_N).at(-1);
  const bigMissing = results.stopped ?? (results.sizesAsked.includes(BIG_N) ? `N=${BIG_N} was not reached` : `N=${BIG_N} is not in --sizes`);
  const atBig = (ok: boolean, target: string, figure: string) => {
    if (big?.n === BIG_N) check(ok, `${target}: ${figure}`);
    else notMeasured(target, big ? `${bigMissing}; at N=${big.n}: ${figure}` : bigMissing);
  };

  if (reference) {
    const floorRatio = reference.capture.wall.median / reference.floor.wall.median;
    check(floorRatio <= 2, `capture within 2.0× of the floor at N=${REFERENCE_N}: ${floorRatio.toFixed(2)}× (${reference.capture.wall.median.toFixed(2)} s vs ${reference.floor.wall.median.toFixed(2)} s; CPU ${reference.capture.cpu.median.toFixed(2)} s vs ${reference.floor.cpu.median.toFixed(2)} s)`);
    if (reference.scripted) {
      const cliRatio = reference.scripted.series.wall.median / reference.capture.wall.median;
      check(cliRatio >= 2, `at least 2× faster than the scripted docker CLI at N=${REFERENCE_N}: ${cliRatio.toFixed(2)}×`);
    }
    check(reference.capture.maxRssMiB.max < 150, `peak RSS under 150 MiB at N=${REFERENCE_N}: ${reference.capture.maxRssMiB.max.toFixed(0)} MiB (largest run)`);
  } else notMeasured(`capture within 2.0× of the floor at N=${REFERENCE_N}`, `N=${REFERENCE_N} is not in --sizes`);

  const marginalTarget = `marginal cost at N=${BIG_N} (${REFERENCE_N} → ${BIG_N}) within 1.3× of ${BASE_N} → ${REFERENCE_N}`;
  if (base && reference && big) {
    const low = marginalMs(base, reference, (r) => r.capture.wall.median);
    const high = marginalMs(reference, big, (r) => r.capture.wall.median);
    const lowCpu = marginalMs(base, reference, (r) => r.capture.cpu.median);
    const highCpu = marginalMs(reference, big, (r) => r.capture.cpu.median);
    atBig(high <= 1.3 * low, marginalTarget, `${high.toFixed(2)} ms vs ${low.toFixed(2)} ms per container, ${(high / low).toFixed(2)}× (CPU: ${highCpu.toFixed(2)} vs ${lowCpu.toFixed(2)} ms, ${(highCpu / lowCpu).toFixed(2)}×)`);
  } else notMeasured(marginalTarget, `needs N=${BASE_N}, ${REFERENCE_N} and a size above ${REFERENCE_N} in --sizes${results.stopped ? `; ${results.stopped}` : ''}`);

  const rssTarget = `peak RSS under 300 MiB at N=${BIG_N}`;
  if (big) atBig(big.capture.maxRssMiB.max < 300, rssTarget, `${big.capture.maxRssMiB.max.toFixed(0)} MiB (largest run)`);
  else notMeasured(rssTarget, bigMissing);

  const inspectsAt = results.capture.map((r) => `N=${r.n}: ${describeInspects(r.inspects)}`).join('; ');
  check(results.capture.length > 0 && results.capture.every((r) => everyInspect(r.inspects)), `every inspect captured at every N: ${inspectsAt}`);

  for (const extra of results.extra) {
    if (extra.target !== undefined) {
      const against = (extra.baselines ?? []).map((b) => `; ${(extra.series.wall.median / b.series.wall.median).toFixed(2)}× ${b.what}`).join('');
      check(extra.series.wall.median < extra.target, `${extra.what} under ${extra.target} s: ${extra.series.wall.median.toFixed(2)} s (CPU ${extra.series.cpu.median.toFixed(2)} s${against})`);
    } else {
      const plain = byN.get(extra.n ?? REFERENCE_N);
      const rss = extra.series.maxRssMiB.max;
      if (plain) check(rss < 150 && rss <= plain.capture.maxRssMiB.max * 1.1, `${extra.what}: peak RSS ${rss.toFixed(0)} MiB vs ${plain.capture.maxRssMiB.max.toFixed(0)} MiB without it, under 150 MiB`);
    }
  }
  if (!results.extra.some((e) => e.what.startsWith('export'))) notMeasured(`export of a ${REFERENCE_N}-container snapshot under 1 s`, 'not run (--capture-only, or export not built)');
  return lines;
}
