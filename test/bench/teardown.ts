import { processesInContainersOf, stopEngine, type EngineInfo } from '../helpers/engine.js';

/**
 * Stops the benchmark's engine, bounded however many containers it runs: the containers'
 * processes are killed by pid first (so the daemon only removes exited containers, in bounded
 * batches), then stopEngine stops the daemon by pid and kills whatever is left. Returns seconds.
 */
export async function stopBenchEngine(info: EngineInfo): Promise<number> {
  const started = performance.now();
  for (const pid of processesInContainersOf(info.dataRoot)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await stopEngine(info);
  return (performance.now() - started) / 1000;
}
