/**
 * An optional record of every read a capture makes of the host (files, links, directories, API
 * requests), for `capture --trace-reads`: the benchmark replays it with the cheapest possible
 * program to measure the floor. Off unless a capture turns it on; then one line per read.
 */
export type TracedRead = 'read' | 'tail' | 'readlink' | 'readdir' | 'lstat' | 'api';

let lines: string[] | undefined;

export function startReadTrace(): void {
  lines = [];
}

/** Stops recording and returns what was recorded, one `kind<TAB>target` line each. */
export function stopReadTrace(): string[] {
  const recorded = lines ?? [];
  lines = undefined;
  return recorded;
}

/** `tail` reads carry their byte count: `tail<TAB>65536<TAB>/path`. */
export function traceRead(kind: TracedRead, target: string): void {
  lines?.push(`${kind}\t${target}`);
}
