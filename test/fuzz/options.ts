import type { Parameters } from 'fast-check';

/**
 * The bounds of every property test: a fixed seed and a small run count inside `npm test`
 * (deterministic and quick); `npm run fuzz` raises the count (DOCKSNAP_FUZZ_RUNS) and draws a
 * fresh seed (DOCKSNAP_FUZZ_SEED=random), which fast-check prints with any counterexample.
 */
export function fuzzParameters<T>(defaultRuns = 200): Parameters<T> {
  const runs = Number(process.env['DOCKSNAP_FUZZ_RUNS'] ?? defaultRuns);
  const seedSetting = process.env['DOCKSNAP_FUZZ_SEED'];
  const seed = seedSetting === 'random' ? Date.now() : Number(seedSetting ?? 20261130);
  return { seed, numRuns: Math.max(1, Math.round(runs * (defaultRuns / 200))), endOnFailure: true };
}
