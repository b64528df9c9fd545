/**
 * A packaged install: `npm pack`, the tarball installed into an empty prefix, and the installed
 * docksnap run from another directory — --version, capture (offline on fixture trees; live
 * against the private engine when the runner started one), show, diff, export, verify, import —
 * so that everything it reads at run time is shown to be inside the package.
 * The install runs with --ignore-scripts and is given this checkout's compiled better-sqlite3
 * addon when the versions match: compiling it again costs minutes of CPU and proves nothing about
 * the package (when they differ, `npm rebuild` compiles it).
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyFixture } from '../helpers/copy-fixture.js';
import { npmEnv, runCommand } from '../helpers/command.js';
import { Engine, ENGINE_ENV, type EngineInfo } from '../helpers/engine.js';
import type { ExecResult } from '../helpers/exec.js';
import { SNAPSHOTS } from '../helpers/offline-capture.js';
import { tempDir } from '../helpers/tmp.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const PACKAGED = /^(dist\/|schemas\/|src\/cli\/docksnap$|package\.json$|README\.md$|LICENSE$)/;

interface PackResult {
  readonly filename: string;
  readonly files: readonly { path: string }[];
}

const versionOf = (dir: string) => (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;

describe('the npm pack tarball, installed into an empty prefix', () => {
  const dir = tempDir('docksnap-pack-');
  const work = join(dir, 'elsewhere');
  const prefix = join(dir, 'prefix');
  const env = npmEnv(process.env['npm_config_cache'] ?? join(process.env['HOME'] ?? '/root', '.npm'));
  const runEnv = { PATH: process.env['PATH'] ?? '', HOME: work, XDG_CONFIG_HOME: join(work, 'config'), NO_COLOR: '1' };
  let packed: PackResult;
  const docksnap = (...args: string[]): ExecResult => runCommand(join(prefix, 'bin', 'docksnap'), args, { cwd: work, env: runEnv });

  before(() => {
    mkdirSync(work);
    const pack = runCommand('npm', ['pack', '--json', '--pack-destination', dir], { cwd: ROOT, env });
    assert.equal(pack.code, 0, pack.stderr);
    packed = (JSON.parse(pack.stdout) as PackResult[])[0]!;
    const install = runCommand('npm', ['install', '-g', '--prefix', prefix, '--prefer-offline', '--ignore-scripts', join(dir, packed.filename)], { cwd: work, env });
    assert.equal(install.code, 0, install.stderr);
    const installed = join(prefix, 'lib', 'node_modules', 'docksnap', 'node_modules', 'better-sqlite3');
    const built = join(ROOT, 'node_modules', 'better-sqlite3');
    if (versionOf(installed) === versionOf(built)) {
      mkdirSync(join(installed, 'build', 'Release'), { recursive: true });
      copyFileSync(join(built, 'build', 'Release', 'better_sqlite3.node'), join(installed, 'build', 'Release', 'better_sqlite3.node'));
    } else {
      const rebuild = runCommand('npm', ['rebuild', 'better-sqlite3'], { cwd: join(prefix, 'lib', 'node_modules', 'docksnap'), env, timeoutMs: 900_000 });
      assert.equal(rebuild.code, 0, rebuild.stderr);
    }
  });

  test('holds the bundled CLI, the library, the schemas and the bin, and nothing else of the checkout', () => {
    const paths = packed.files.map((file) => file.path);
    assert.deepEqual(paths.filter((path) => !PACKAGED.test(path)), []);
    for (const needed of ['dist/docksnap.mjs', 'dist/index.js', 'dist/index.d.ts', 'src/cli/docksnap', 'schemas/snapshot.sql', 'schemas/show.schema.json']) {
      assert.ok(paths.includes(needed), needed);
    }
    // The start-up snapshot belongs to the Node binary and the directory that built it: an installed copy starts from dist/docksnap.mjs.
    assert.deepEqual(paths.filter((path) => /docksnap\.blob|docksnap-snapshot/.test(path)), []);
  });

  test('--version prints the package version', () => {
    const result = docksnap('--version');
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, `${VERSION}\n`);
  });

  test('capture --offline, show, diff, export, verify and import, run from another directory', () => {
    const snapshotOf = (era: string) => {
      const tree = copyFixture(join(SNAPSHOTS, era), join(work, era));
      const result = docksnap('capture', '--offline', '--docker-root', join(tree, 'docker-root'), '-o', `${era}.db`, '--quiet');
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout.trim(), join(work, `${era}.db`));
      return `${era}.db`;
    };
    const current = snapshotOf('overlay2-20.10');
    const old = snapshotOf('docker-1.x');
    const expectedNames = (era: string) => (JSON.parse(readFileSync(join(SNAPSHOTS, era, 'show.json'), 'utf8')) as { containers: { name: string }[] }).containers.map((c) => c.name);
    const names = (snapshot: string) => {
      const show = docksnap('show', snapshot, '--json');
      assert.equal(show.code, 0, show.stderr);
      return (JSON.parse(show.stdout) as { containers: { name: string }[] }).containers.map((c) => c.name);
    };
    assert.deepEqual(names(current), expectedNames('overlay2-20.10'));
    assert.deepEqual(names(old), expectedNames('docker-1.x'));

    assert.equal(docksnap('diff', current, current).code, 0);
    const differ = docksnap('diff', old, current, '--format', 'json');
    assert.equal(differ.code, 1, differ.stderr);
    assert.ok((JSON.parse(differ.stdout) as unknown[]).length > 0);

    const exported = docksnap('export', current, '-o', 'report.tar.gz');
    assert.equal(exported.code, 0, exported.stderr);
    const verified = docksnap('verify', 'report.tar.gz');
    assert.equal(verified.code, 0, verified.stderr);
    const imported = docksnap('import', 'report.tar.gz', '-o', 'back.db');
    assert.equal(imported.code, 0, imported.stderr);
    assert.deepEqual(names('back.db'), expectedNames('overlay2-20.10'));
  });

  const shared = process.env[ENGINE_ENV];
  test('live capture of the private engine', { skip: shared ? false : 'no private engine in this run' }, () => {
    const engine = new Engine(JSON.parse(shared!) as EngineInfo, false);
    const result = docksnap('capture', '--docker-host', engine.info.host, '-o', 'live.db', '--quiet');
    assert.equal(result.code, 0, result.stderr);
    const show = JSON.parse(docksnap('show', 'live.db', '--json').stdout) as { snapshot: { mode: string; docker_version: string | null } };
    assert.equal(show.snapshot.mode, 'live');
    assert.equal(show.snapshot.docker_version, engine.docker(['version', '--format', '{{.Server.Version}}']));
    assert.ok(existsSync(join(work, 'live.db')));
  });
});
