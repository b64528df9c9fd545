/**
 * Run counts for the property tests. `npm test` runs each property a bounded number of times with
 * a fixed seed, so CI is deterministic and quick; `npm run fuzz` sets FUZZ_RUNS (and may set
 * FUZZ_SEED) to run them longer. Every property test takes its parameters from here.
 */
const DEFAULT_SEED = 20261130;

/** How many inputs a property tries: FUZZ_RUNS when set (a positive integer), else `defaultRuns`. */
export function fuzzRuns(defaultRuns: number): number {
  const raw = process.env['FUZZ_RUNS'];
  if (raw === undefined || raw === '') return defaultRuns;
  const runs = Number(raw);
  if (!Number.isSafeInteger(runs) || runs < 1) throw new Error(`FUZZ_RUNS must be a positive integer, not ${raw}`);
  return runs;
}

/** The seed of every property run: FUZZ_SEED when set, else a fixed one. */
export function fuzzSeed(): number {
  const raw = process.env['FUZZ_SEED'];
  if (raw === undefined || raw === '') return DEFAULT_SEED;
  const seed = Number(raw);
  if (!Number.isSafeInteger(seed)) throw new Error(`FUZZ_SEED must be an integer, not ${raw}`);
  return seed;
}

/** fast-check parameters for one property: the run count and the seed above. */
export function fuzzParameters(defaultRuns: number): { numRuns: number; seed: number } {
  return { numRuns: fuzzRuns(defaultRuns), seed: fuzzSeed() };
}
