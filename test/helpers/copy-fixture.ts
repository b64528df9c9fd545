import { cpSync, lstatSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { tempDir } from './tmp.js';

/**
 * Copies a fixture tree (links kept as links) to `<workDir>/tree`, so nothing writes near
 * snapshots/. Without workDir a temporary directory is made, removed when the test file ends;
 * call it at test or describe level then (a tempDir made inside a before() hook is removed early).
 */
export function copyFixture(source: string, workDir: string = tempDir('docksnap-fixture-')): string {
  const target = join(workDir, 'tree');
  cpSync(source, target, { recursive: true, verbatimSymlinks: true });
  return target;
}

/**
 * One line per entry under `dir` (path, type, mode, size, mtime, sha256 or link target): equal
 * listings before and after a capture prove that nothing under the root was written or touched.
 */
export function treeChecksums(dir: string): string[] {
  const lines: string[] = [];
  const walk = (relative: string) => {
    for (const name of readdirSync(join(dir, relative)).sort()) {
      const path = join(relative, name);
      const full = join(dir, path);
      const stat = lstatSync(full);
      const base = `${path} ${stat.mode.toString(8)} ${stat.mtimeMs}`;
      if (stat.isSymbolicLink()) lines.push(`${base} -> ${readlinkSync(full)}`);
      else if (stat.isDirectory()) {
        lines.push(`${base} dir`);
        walk(path);
      } else if (stat.isFile()) lines.push(`${base} ${stat.size} ${createHash('sha256').update(readFileSync(full)).digest('hex')}`);
      else lines.push(`${base} special`);
    }
  };
  walk('');
  return lines;
}
