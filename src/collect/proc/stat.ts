/** The fields of /proc/PID/stat that identify a process. */
export interface ProcStat {
  readonly pid: number;
  readonly comm: string;
  readonly state: string;
  readonly ppid: number;
  /** Field 22: start time in clock ticks since boot; with the pid, it names one process across pid reuse. */
  readonly start_time: number;
}

/**
 * Parses /proc/PID/stat. The command name is in parentheses and may itself contain spaces and
 * parentheses, so the fields are counted from the last `)`.
 * @throws Error when the text is not a stat line
 */
export function parseStat(text: string): ProcStat {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) throw new Error(`not a /proc/PID/stat line: ${text.slice(0, 60)}`);
  const rest = text.slice(close + 2).trim().split(/\s+/);
  // rest[0] is field 3 (state), so field N is rest[N - 3].
  const field = (n: number): number => Number(rest[n - 3]);
  return {
    pid: Number(text.slice(0, open).trim()),
    comm: text.slice(open + 1, close),
    state: rest[0] ?? '?',
    ppid: field(4),
    start_time: field(22),
  };
}
