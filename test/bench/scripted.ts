import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** What the scripted docker CLI collection got wrong over its runs: nothing is discarded. */
export interface ScriptedFailures {
  /** Runs checked (the warm-up included). */
  readonly runs: number;
  /** Commands that exited non-zero: `label → [exit status → times]`. */
  readonly failed: ReadonlyMap<string, ReadonlyMap<number, number>>;
  readonly stderrLines: number;
  /** Up to three distinct stderr lines, as written. */
  readonly samples: readonly string[];
}

/**
 * What a bug-report script collects with the docker CLI (sos's docker plugin, serially), plus lsof
 * for the fds: each command's exit status and stderr are kept in `dir` for `check()` to count.
 * `$0` is the DOCKER_HOST, `$1` the directory.
 */
const SCRIPT = [
  'step() { l=$1; shift; "$@" >/dev/null 2>>"$O/stderr" || echo "$? $l" >>"$O/status"; }',
  'O=$1; H=$0',
  'step "docker version" docker -H "$H" version',
  'step "docker info" docker -H "$H" info',
  'step "docker ps -a" docker -H "$H" ps -a',
  'ids=$(docker -H "$H" ps -aq 2>>"$O/stderr") || echo "$? docker ps -aq" >>"$O/status"',
  'for id in $ids; do step "docker inspect" docker -H "$H" inspect "$id"; done',
  'step "docker images" docker -H "$H" images',
  'step "docker network ls" docker -H "$H" network ls',
  'step "docker volume ls" docker -H "$H" volume ls',
  'step "lsof -nP" lsof -nP',
  'exit 0',
].join('\n');

export class ScriptedCollection {
  readonly argv: readonly string[];
  private readonly dir: string;
  private runs = 0;
  private stderrLines = 0;
  private readonly failed = new Map<string, Map<number, number>>();
  private readonly samples = new Set<string>();

  constructor(dockerHost: string, dir: string) {
    this.dir = dir;
    mkdirSync(dir, { recursive: true });
    this.argv = ['sh', '-c', SCRIPT, dockerHost, dir];
  }

  /** Counts and clears what the last run wrote: after every run. */
  readonly check = (): void => {
    this.runs++;
    for (const line of this.take('status')) {
      const [status = '', ...label] = line.split(' ');
      const byStatus = this.failed.get(label.join(' ')) ?? new Map<number, number>();
      byStatus.set(Number(status), (byStatus.get(Number(status)) ?? 0) + 1);
      this.failed.set(label.join(' '), byStatus);
    }
    for (const line of this.take('stderr')) {
      this.stderrLines++;
      if (this.samples.size < 3) this.samples.add(line.slice(0, 200));
    }
  };

  failures(): ScriptedFailures {
    return { runs: this.runs, failed: this.failed, stderrLines: this.stderrLines, samples: [...this.samples] };
  }

  private take(name: string): string[] {
    const path = join(this.dir, name);
    if (!existsSync(path)) return [];
    const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
    rmSync(path);
    return lines;
  }
}

/** One line: `none in 6 runs`, or the failed commands with their statuses and the stderr count. */
export function describeFailures(f: ScriptedFailures): string {
  const commands = [...f.failed].map(([label, statuses]) => `${label} ${[...statuses].map(([status, times]) => `exited ${status} ${times}×`).join(', ')}`);
  if (commands.length === 0 && f.stderrLines === 0) return `none in ${f.runs} runs`;
  const said = f.samples.map((s) => `\`${s.replaceAll('`', "'").replaceAll('|', '\\|')}\``).join('; ');
  return `${f.runs} runs: ${commands.join('; ') || 'every command exited 0'}; ${f.stderrLines} stderr lines${said ? `, e.g. ${said}` : ''}`;
}
