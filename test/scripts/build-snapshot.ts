/**
 * Builds the CLI's start-up snapshot (dist/docksnap.blob) beside the bundled CLI: the CLI as one
 * CommonJS file (dist/docksnap-snapshot.cjs, whose entry is src/cli/snapshot-main.ts), evaluated by
 * `node --build-snapshot`, and dist/docksnap.blob.id, which tells the bin (src/cli/docksnap) which
 * Node binary and which directory the blob belongs to. Commands the blob cannot start are run from
 * dist/docksnap.mjs, so a blob that cannot be built is a warning, not a failed build.
 */
import { build, type BuildOptions } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The line of docksnap.blob.id naming a Node binary: what `stat -L -c '%d %i %s %Y'` prints for it. */
function nodeIdentity(path: string): string {
  const stat = statSync(path);
  return `${stat.dev} ${stat.ino} ${stat.size} ${Math.floor(stat.mtimeMs / 1000)}`;
}

/** Writes dist/docksnap.blob and its .id, or removes them and says why in one line. */
export async function buildStartupSnapshot(dist: string, entry: string, shared: BuildOptions): Promise<void> {
  const [script, blob, id] = [join(dist, 'docksnap-snapshot.cjs'), join(dist, 'docksnap.blob'), join(dist, 'docksnap.blob.id')];
  for (const path of [blob, id]) rmSync(path, { force: true });
  await build({
    ...shared,
    entryPoints: [entry],
    outfile: script,
    format: 'cjs',
    // The blob's require() loads Node's built-in modules only: packages (better-sqlite3's addon)
    // are required through one made for this URL, which also stands in for import.meta.url.
    define: { 'import.meta.url': 'globalThis.__docksnapModuleUrl' },
    banner: { js: "globalThis.__docksnapModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  });
  const partial = `${blob}.partial`;
  const env = { ...process.env };
  for (const name of ['NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS']) delete env[name];
  const result = spawnSync(process.execPath, ['--snapshot-blob', partial, '--build-snapshot', script], { env, encoding: 'utf8' });
  if (result.status !== 0) {
    rmSync(partial, { force: true });
    const why = (result.stderr.split('\n').find((line) => /error|failed/i.test(line)) ?? `exit ${result.status ?? result.signal}`).trim();
    process.stderr.write(`docksnap build: no start-up snapshot, commands start from dist/docksnap.mjs (${why})\n`);
    return;
  }
  renameSync(partial, blob);
  writeFileSync(id, `${nodeIdentity(realpathSync(process.execPath))}\n${realpathSync(dist)}\n`);
}
