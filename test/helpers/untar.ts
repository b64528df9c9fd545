import { execFileSync } from 'node:child_process';

/** Unpacks a .tgz into `dir`; tar runs without a shell. */
export function untar(archive: string, dir: string): void {
  execFileSync('tar', ['-xzf', archive, '-C', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
}
