import type { Engine } from '../helpers/engine.js';

/** Shapes the benchmark host runs: a few httpd on loopback, a few multi-process, the rest sleepers. */
const HTTPD = 3;
const MULTI = 3;
export const HTTPD_BASE_PORT = 31000;

function shape(index: number): { command: string[]; network: 'none' | 'host' } {
  if (index < HTTPD) return { command: ['httpd', '-f', '-p', `127.0.0.1:${HTTPD_BASE_PORT + index}`, '-h', '/www'], network: 'host' };
  if (index < HTTPD + MULTI) return { command: ['sh', '-c', 'sleep 100000 & sleep 100000 & wait'], network: 'none' };
  return { command: ['sleep', '100000'], network: 'none' };
}

export function benchName(index: number): string {
  return `bench-${String(index).padStart(3, '0')}`;
}

/** Grows the engine's population to `count` running containers (bench-000…). */
export function growTo(engine: Engine, count: number, present: number): void {
  for (let index = present; index < count; index++) {
    const { command, network } = shape(index);
    engine.run(benchName(index), command, { network });
  }
}
