import { constants } from 'node:os';

/**
 * Cleanups to run when SIGINT, SIGTERM or SIGHUP ends the process: temporary files, extracted
 * bundles, export work directories. While any is registered, docksnap handles those signals
 * itself: it runs every cleanup, then exits with 128 + the signal number, as the shell would
 * report a process the signal killed. Nothing is installed while nothing needs cleaning.
 */
const cleanups = new Set<() => void>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function onSignal(signal: (typeof SIGNALS)[number]): void {
  runCleanups();
  process.exit(128 + (constants.signals[signal] ?? 0));
}

function runCleanups(): void {
  for (const cleanup of [...cleanups].reverse()) {
    try {
      cleanup();
    } catch {
      // Best effort: one cleanup failing must not keep the others from running.
    }
  }
  cleanups.clear();
}

/**
 * Registers `cleanup` (synchronous, idempotent) to run if the process is interrupted or exits
 * before the work is done. @returns a function that unregisters it once the work is done or cleaned.
 */
export function cleanUpOnInterrupt(cleanup: () => void): () => void {
  if (cleanups.size === 0) {
    for (const signal of SIGNALS) process.on(signal, onSignal);
    process.on('exit', runCleanups);
  }
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
    if (cleanups.size === 0) {
      for (const signal of SIGNALS) process.removeListener(signal, onSignal);
      process.removeListener('exit', runCleanups);
    }
  };
}
