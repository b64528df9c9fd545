import { readFileSync } from 'node:fs';

/** What the machine has left for more containers: memory, and tasks (each shim has a dozen threads). */
export interface Headroom {
  readonly memAvailableMiB: number;
  readonly memTotalMiB: number;
  /** Threads and processes now, from /proc/loadavg. */
  readonly tasks: number;
  /** The lower of kernel.pid_max and kernel.threads-max. */
  readonly taskLimit: number;
}

export function hostHeadroom(): Headroom {
  const meminfo = readFileSync('/proc/meminfo', 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(meminfo)?.[1] ?? NaN);
  const tasks = Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[3]?.split('/')[1] ?? NaN);
  const limit = (name: string) => Number(readFileSync(`/proc/sys/kernel/${name}`, 'utf8').trim());
  return {
    memAvailableMiB: kib('MemAvailable') / 1024,
    memTotalMiB: kib('MemTotal') / 1024,
    tasks,
    taskLimit: Math.min(limit('pid_max'), limit('threads-max')),
  };
}
