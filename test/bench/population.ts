import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { TEST_IMAGE, type Engine } from '../helpers/engine.js';
import { hostHeadroom, type Headroom } from './headroom.js';

/** Shapes the benchmark host runs: a few httpd on loopback, a few multi-process, the rest sleepers. */
const HTTPD = 3;
const MULTI = 3;
/** Containers started between two checks of the machine's headroom. */
const STEP = 25;
/** `docker run`s in flight at once: the daemon does most of the work, so a few overlap well on 2 cores. */
const PARALLEL = 4;

export function benchName(index: number): string {
  return `bench-${String(index).padStart(3, '0')}`;
}

/** How far a growth got, and why it stopped short when it did. */
export interface Growth {
  readonly reached: number;
  readonly seconds: number;
  /** Set when the population stopped below the size asked for: where and why. */
  readonly stopped?: string;
}

export interface GrowthBounds {
  /** Epoch ms after which no further step is started. */
  readonly deadline: number;
  /** MemAvailable that must be left after the next step, MiB. */
  readonly reserveMiB: number;
}

const run = promisify(execFile);

/**
 * Grows the engine's population to `count` running containers (bench-000…), `PARALLEL` at a
 * time. Before each step of `STEP` containers it checks the machine's free memory and task count
 * against what each container has cost so far, and the deadline; it stops growing, saying where
 * and why, rather than push the machine (shared with other work) into swap, OOM or pid exhaustion.
 */
export async function growTo(engine: Engine, count: number, present: number, bounds: GrowthBounds): Promise<Growth> {
  const started = performance.now();
  const before = hostHeadroom();
  let reached = present;
  const result = (stopped?: string): Growth => ({ reached, seconds: (performance.now() - started) / 1000, ...(stopped ? { stopped } : {}) });
  while (reached < count) {
    const step = Math.min(STEP, count - reached);
    const refusal = refuseStep(before, hostHeadroom(), reached - present, step, bounds);
    if (refusal) return result(`stopped growing at ${reached} of ${count} containers: ${refusal}`);
    const indexes = Array.from({ length: step }, (_, i) => reached + i);
    const failures: string[] = [];
    for (let i = 0; i < indexes.length; i += PARALLEL) {
      const batch = indexes.slice(i, i + PARALLEL);
      const settled = await Promise.allSettled(batch.map(async (index) => runShape(engine, index)));
      settled.forEach((s, k) => s.status === 'rejected' && failures.push(`${benchName(batch[k]!)}: ${firstLine(s.reason)}`));
    }
    if (failures.length > 0) {
      // A container that failed to start may exist half-made; keep the population exactly bench-000…bench-(reached-1).
      const extra = indexes.map(benchName);
      engine.remove(...extra);
      return result(`stopped growing at ${reached} of ${count} containers: docker run failed (${failures.length} of ${step}): ${failures[0]}`);
    }
    reached += step;
  }
  return result();
}

/** Why the next step must not be taken, or undefined when the machine can hold it. */
function refuseStep(before: Headroom, now: Headroom, added: number, step: number, bounds: GrowthBounds): string | undefined {
  if (Date.now() > bounds.deadline) return `the growth time bound (--grow-minutes) passed`;
  // What each container has cost so far; until there is a measurement, a generous guess (shim, runc state, sleep).
  const perContainerMiB = added >= STEP ? Math.max((before.memAvailableMiB - now.memAvailableMiB) / added, 1) : 20;
  const perContainerTasks = added >= STEP ? Math.max((now.tasks - before.tasks) / added, 1) : 16;
  const memoryAfter = now.memAvailableMiB - perContainerMiB * step;
  if (memoryAfter < bounds.reserveMiB) {
    return `MemAvailable ${now.memAvailableMiB.toFixed(0)} MiB, about ${perContainerMiB.toFixed(1)} MiB per container, would fall below the ${bounds.reserveMiB} MiB reserve`;
  }
  const tasksAfter = now.tasks + perContainerTasks * step;
  if (tasksAfter > 0.75 * now.taskLimit) {
    return `${now.tasks} tasks, about ${perContainerTasks.toFixed(1)} per container, would pass 75% of the machine's ${now.taskLimit} task limit`;
  }
  return undefined;
}

async function runShape(engine: Engine, index: number): Promise<void> {
  const { command, network } = await shape(index);
  const args = ['-H', engine.info.host, 'run', '-d', '--name', benchName(index), '--network', network, TEST_IMAGE, ...command];
  await run('docker', args, { env: { ...process.env, DOCKER_CONFIG: join(engine.info.dir, 'client') }, timeout: 120_000 });
}

async function shape(index: number): Promise<{ command: string[]; network: 'none' | 'host' }> {
  if (index < HTTPD) return { command: ['httpd', '-f', '-p', `127.0.0.1:${await freePort()}`, '-h', '/www'], network: 'host' };
  if (index < HTTPD + MULTI) return { command: ['sh', '-c', 'sleep 100000 & sleep 100000 & wait'], network: 'none' };
  return { command: ['sleep', '100000'], network: 'none' };
}

/** A loopback port free right now (other work on the machine listens too). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no loopback port');
  return address.port;
}

function firstLine(error: unknown): string {
  const stderr = (error as { stderr?: unknown }).stderr;
  const text = typeof stderr === 'string' && stderr.trim() ? stderr : error instanceof Error ? error.message : String(error);
  return text.trim().split('\n')[0] ?? '';
}
