/**
 * Writes snapshots/overlay2-20.10/docker-root from a private Docker engine (dockerd 20.10,
 * overlay2): a few containers of different shapes are run, then the engine's data root is copied
 * while they run, as a disk imaged from a live host would be. To keep the tree small and stable:
 * - only Docker's own metadata is kept (configs, etc files, logs, imagedb, layerdb records,
 *   overlay2 link/lower files and overlay2/l links, volumes/metadata.db); tar-split archives,
 *   merged/ and work/ are not;
 * - layer diffs keep only small regular files (no busybox binary, no applet links);
 * - the engine's temporary data and exec roots recorded inside the JSON files are rewritten to
 *   /var/lib/docker and /var/run/docker, the defaults a real host records.
 * Run as root: `npx tsx test/scripts/make-overlay2-fixture.ts` (replaces the tree).
 */
import { copyFileSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { pack } from 'tar-stream';
import { Engine, startEngine, stopEngine } from '../helpers/engine.js';

const TARGET = new URL('../../snapshots/overlay2-20.10/docker-root', import.meta.url).pathname;
const SMALL_FILE = 4096;

const info = await startEngine();
try {
  const engine = new Engine(info, true);
  engine.docker(['volume', 'create', '--label', 'app=web', 'webdata']);
  engine.run('web', ['sh', '-c', 'echo up > /tmp/up; echo kept > /data/hello; exec httpd -f -p 127.0.0.1:18000 -h /www'], { network: 'host', flags: ['--restart', 'unless-stopped', '-v', 'webdata:/data', '--label', 'com.example.role=frontend'] });
  engine.run('worker', ['sh', '-c', 'echo ready > /tmp/ready; echo worker started; exec sleep 600'], { flags: ['-e', 'API_TOKEN=not-a-real-token', '--expose', '8080', '--memory', '64m'] });
  engine.run('batch', ['sh', '-c', 'echo batch ran > /tmp/out; echo batch failed >&2; exit 3']);
  engine.run('spare', ['sleep', '600'], { createOnly: true });
  engine.docker(['cp', '-', 'spare:/tmp'], await tarOfOneFile('note.txt', 'copied into a created container\n'));
  engine.docker(['wait', 'batch']);
  rmSync(TARGET, { recursive: true, force: true });
  copyMetadata(info.dataRoot, TARGET);
  rewriteRecordedRoots(TARGET, [[info.dataRoot, '/var/lib/docker'], [info.execRoot, '/var/run/docker']]);
  assertNoEmptyDiff(TARGET);
  process.stdout.write(`wrote ${TARGET}\n`);
} finally {
  await stopEngine(info);
}

function copyMetadata(from: string, to: string): void {
  for (const id of readdirSync(join(from, 'containers'))) {
    for (const name of readdirSync(join(from, 'containers', id))) {
      const path = join('containers', id, name);
      if (lstatSync(join(from, path)).isFile()) copy(from, to, path);
    }
  }
  const image = join('image', 'overlay2');
  walk(join(from, image), (path) => {
    if (!path.endsWith('tar-split.json.gz')) copy(from, to, relative(from, path));
  });
  for (const layer of readdirSync(join(from, 'overlay2'))) {
    const dir = join('overlay2', layer);
    if (layer === 'l') {
      for (const link of readdirSync(join(from, dir))) symlink(to, join(dir, link), readlinkSync(join(from, dir, link)));
      continue;
    }
    for (const file of ['link', 'lower', 'committed']) if (exists(join(from, dir, file))) copy(from, to, join(dir, file));
    walk(join(from, dir, 'diff'), (path) => {
      const stat = lstatSync(path);
      if (stat.isFile() && stat.size <= SMALL_FILE) copy(from, to, relative(from, path));
    });
  }
  walk(join(from, 'volumes'), (path) => {
    if (path.includes('/_data/') || path.endsWith('/metadata.db')) copy(from, to, relative(from, path));
  });
}

/** git keeps no empty directory: a layer whose diff kept no file would vanish from the committed fixture. */
function assertNoEmptyDiff(root: string): void {
  for (const layer of readdirSync(join(root, 'overlay2'))) {
    if (layer !== 'l' && !exists(join(root, 'overlay2', layer, 'diff'))) throw new Error(`layer ${layer} kept no file in diff/: give it one`);
  }
}

function walk(dir: string, visit: (path: string) => void): void {
  if (!exists(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, visit);
    else visit(path);
  }
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function copy(from: string, to: string, path: string): void {
  mkdirSync(dirname(join(to, path)), { recursive: true });
  if (lstatSync(join(from, path)).isSymbolicLink()) symlink(to, path, readlinkSync(join(from, path)));
  else copyFileSync(join(from, path), join(to, path));
}

function symlink(to: string, path: string, target: string): void {
  mkdirSync(dirname(join(to, path)), { recursive: true });
  symlinkSync(target, join(to, path));
}

/** Rewrites recorded host paths inside the JSON files (the rest keep their exact bytes). */
function rewriteRecordedRoots(root: string, replacements: readonly [string, string][]): void {
  walk(root, (path) => {
    if (!path.endsWith('.json') || lstatSync(path).isSymbolicLink()) return;
    let text = readFileSync(path, 'utf8');
    for (const [from, to] of replacements) text = text.split(from).join(to);
    writeFileSync(path, text);
  });
}

/** A one-file tar for `docker cp -`. */
async function tarOfOneFile(name: string, content: string): Promise<Buffer> {
  const tar = pack();
  const chunks: Buffer[] = [];
  tar.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
  const done = new Promise<void>((resolve) => tar.on('end', () => resolve()));
  tar.entry({ name, mode: 0o644 }, content);
  tar.finalize();
  await done;
  return Buffer.concat(chunks);
}
