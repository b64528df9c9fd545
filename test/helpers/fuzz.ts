/**
 * Run counts for the property tests. `npm test` runs each property a bounded number of times with
 * a fixed seed, so CI is deterministic and quick; `npm run fuzz` sets FUZZ_RUNS (and may set
 * FUZZ_SEED, or FUZZ_SEED=random) to run them longer. DOCKSNAP_FUZZ_RUNS and DOCKSNAP_FUZZ_SEED
 * are read too, as other property tests of the project name them.
 */
const DEFAULT_SEED = 20261130;

function setting(name: string): string | undefined {
  const value = process.env[name] ?? process.env[`DOCKSNAP_${name}`];
  return value === '' ? undefined : value;
}

/** How many inputs a property tries: FUZZ_RUNS when set (a positive integer), else `defaultRuns`. */
export function fuzzRuns(defaultRuns: number): number {
  const raw = setting('FUZZ_RUNS');
  if (raw === undefined) return defaultRuns;
  const runs = Number(raw);
  if (!Number.isSafeInteger(runs) || runs < 1) throw new Error(`FUZZ_RUNS must be a positive integer, not ${raw}`);
  return runs;
}

/** The seed of every property run: FUZZ_SEED when set ('random' draws one, printed on failure), else a fixed one. */
export function fuzzSeed(): number {
  const raw = setting('FUZZ_SEED');
  if (raw === undefined) return DEFAULT_SEED;
  if (raw === 'random') return Date.now() % 2 ** 31;
  const seed = Number(raw);
  if (!Number.isSafeInteger(seed)) throw new Error(`FUZZ_SEED must be an integer or random, not ${raw}`);
  return seed;
}

/** fast-check parameters for one property: the run count and the seed above. */
export function fuzzParameters(defaultRuns: number): { numRuns: number; seed: number; endOnFailure: true } {
  return { numRuns: fuzzRuns(defaultRuns), seed: fuzzSeed(), endOnFailure: true };
}
