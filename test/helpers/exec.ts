import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The bundled CLI, which the package's bin starts when it cannot start the CLI's start-up snapshot. */
export const CLI_PATH = fileURLToPath(new URL('../../dist/docksnap.mjs', import.meta.url));

/** The package's bin: what `npx docksnap` runs (src/cli/docksnap: the CLI from its start-up snapshot, dist/docksnap.blob). */
export const BIN_PATH = fileURLToPath(new URL('../../src/cli/docksnap', import.meta.url));

export interface ExecResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI as a separate process through the package's bin, the way a user does, with NO_COLOR=1. */
/** `timeoutMs` kills a run that hangs (its code is then -1), so a regression fails instead of blocking the suite. */
export function execCli(args: readonly string[], options: { cwd?: string; env?: Record<string, string>; uid?: number; timeoutMs?: number } = {}): ExecResult {
  const result = spawnSync(BIN_PATH, args, {
    cwd: options.cwd,
    encoding: 'utf8',
    ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.uid }),
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/root', NO_COLOR: '1', ...options.env },
    maxBuffer: 64 * 1024 * 1024,
    ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs, killSignal: 'SIGKILL' as const }),
  });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
