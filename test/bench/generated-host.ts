/**
 * A generated host for offline captures: a Docker root of `containers` containers (a fifth of
 * them stopped, test/helpers/v2-root.ts) and, unless `proc` is false, a saved /proc tree in
 * which every running one has its processes (test/helpers/proc-tree.ts).
 * Usage (to keep one for profiling): npx tsx test/bench/generated-host.ts DIR N
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeProcTree, type ProcTreeOptions } from '../helpers/proc-tree.js';
import { writeBusyRoot } from '../helpers/v2-root.js';

export interface GeneratedHost {
  readonly dockerRoot: string;
  readonly procRoot: string | undefined;
  /** Every container id of the root. */
  readonly ids: readonly string[];
  readonly running: readonly string[];
  readonly processes: number;
}

/** `proc`: false for a root alone, else the shape of each running container's processes. */
export function writeGeneratedHost(dir: string, containers: number, proc: false | Omit<ProcTreeOptions, 'containerIds'> = {}): GeneratedHost {
  const dockerRoot = join(dir, 'docker-root');
  mkdirSync(dockerRoot, { recursive: true });
  const { ids } = writeBusyRoot(dockerRoot, containers);
  const running = ids.filter((_, i) => i % 5 !== 0);
  if (proc === false) return { dockerRoot, procRoot: undefined, ids, running, processes: 0 };
  const procRoot = join(dir, 'proc');
  const processes = writeProcTree(procRoot, { ...proc, containerIds: running });
  return { dockerRoot, procRoot, ids, running, processes };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dir, n] = process.argv.slice(2);
  if (!dir || !n) throw new Error('usage: generated-host.ts DIR N');
  const host = writeGeneratedHost(dir, Number(n));
  process.stdout.write(`${host.ids.length} containers (${host.running.length} running), ${host.processes} processes in ${dir}\n`);
}
