/**
 * Synchronous reading done in steps, so that a live capture keeps its event loop turning: the
 * Docker API's answers arrive and their deadlines are measured while /proc and the engine roots
 * are read. A reader is written as a generator that yields after each unit of work (a container,
 * a process, a directory); `runSteps` runs it straight through (tests, tools), `runStepsYielding`
 * hands the event loop a turn whenever a slice of work has lasted long enough.
 *
 * Why not worker threads: the reads are system calls on the thread that makes them, the rows must
 * reach the one SQLite writer anyway, and on a small machine the cost of starting workers and
 * copying every row between threads is more than the reading it would spread.
 */
export type Steps<T> = Generator<void, T, void>;

/** How long synchronous work may hold the event loop before it is given a turn. */
export const SLICE_MS = 8;

/** Runs every step at once. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** Runs the steps, letting the event loop turn (I/O callbacks, timers) after each slice of `sliceMs`. */
export async function runStepsYielding<T>(steps: Steps<T>, sliceMs = SLICE_MS): Promise<T> {
  let sliceStart = performance.now();
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    if (performance.now() - sliceStart >= sliceMs) {
      await turn();
      sliceStart = performance.now();
    }
  }
}

/** One turn of the event loop: setImmediate runs after the poll phase, where sockets are read. */
export function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
