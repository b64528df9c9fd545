/**
 * Teardown of what a test started: processes found by what /proc says of them (never this
 * process), ended by pid and waited for within a bound, and mounts under a test directory.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

/** Pids (other than this process) for which `matches` is true; a process that exits while looked at is skipped. */
export function pidsWhere(matches: (pid: number) => boolean): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (matches(Number(entry))) pids.push(Number(entry));
    } catch {
      // exited
    }
  }
  return pids;
}

/** Pids whose command line or cgroup makes `matches` true. */
export function pidsByCmdlineOrCgroup(matches: (cmdline: string, cgroup: string) => boolean): number[] {
  return pidsWhere((pid) => matches(readFileSync(`/proc/${pid}/cmdline`, 'utf8'), readFileSync(`/proc/${pid}/cgroup`, 'utf8')));
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends `signal` and waits up to 10 s for the process to end; after a SIGTERM that was not
 * enough, SIGKILL.
 */
export async function killAndWait(pid: number, signal: 'SIGKILL' | 'SIGTERM' = 'SIGKILL'): Promise<void> {
  try {
    process.kill(pid, signal);
  } catch {
    return;
  }
  const deadline = Date.now() + 10_000;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (signal === 'SIGTERM' && isAlive(pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
}

/** Lazily unmounts every mount point at or under `dir`, deepest first. */
export function unmountUnder(dir: string): void {
  const points = readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((point): point is string => point !== undefined && (point === dir || point.startsWith(`${dir}/`)))
    .reverse();
  for (const point of points) spawnSync('umount', ['-l', point], { stdio: 'ignore' });
}
