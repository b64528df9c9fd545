/**
 * README's main command on a fresh clone. `npx docksnap` in a checkout before `npm ci` says in one
 * line what to run and leaves npm's npx cache whole; after `npm ci` README's command, run
 * literally, writes a snapshot. The checkout is a copy of what npx and `prepare` read
 * (package.json, src/, schemas/, the build scripts) and npm's cache a private temporary one.
 * "After npm ci" is that copy given this checkout's node_modules and dist/ (npm ci itself takes
 * minutes); the Docker API is the private test engine's, or a socket that does not exist.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { npmEnv, runCommand } from '../helpers/command.js';
import { ENGINE_ENV, type EngineInfo } from '../helpers/engine.js';
import { tempDir } from '../helpers/tmp.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const COPIED = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'src', 'schemas', 'test/scripts'];

/** README's first command block under "The two commands". */
function readmeMainCommand(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## The two commands'));
  const block = /```sh\n([^\n]+)\n```/.exec(section);
  assert.ok(block, 'README has a command block under "The two commands"');
  return block[1]!;
}

describe('npx docksnap in a fresh checkout', () => {
  const dir = tempDir('docksnap-npx-');
  const checkout = join(dir, 'docksnap');
  const env = npmEnv(join(dir, 'npm-cache'));
  const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

  before(() => {
    for (const path of COPIED) cpSync(join(ROOT, path), join(checkout, path), { recursive: true, preserveTimestamps: true, verbatimSymlinks: true });
  });

  test("README's main command is npm ci, then npx docksnap capture", () => {
    assert.equal(readmeMainCommand(), 'npm ci && npx docksnap capture');
  });

  test('before npm ci: one line saying to run npm ci, exit 1, and an npx cache that stays usable', () => {
    const result = runCommand('npx', ['docksnap', '--version'], { cwd: checkout, env });
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, `docksnap: not built — run npm ci in ${checkout} first\n`);
  });

  test("after npm ci: README's main command writes a snapshot, and --version answers", () => {
    symlinkSync(join(ROOT, 'node_modules'), join(checkout, 'node_modules'));
    cpSync(join(ROOT, 'dist'), join(checkout, 'dist'), { recursive: true, preserveTimestamps: true });
    const versionRun = runCommand('npx', ['docksnap', '--version'], { cwd: checkout, env });
    assert.equal(versionRun.code, 0, versionRun.stderr);
    assert.equal(versionRun.stdout, `${version}\n`);

    const engine = process.env[ENGINE_ENV] ? (JSON.parse(process.env[ENGINE_ENV]) as EngineInfo) : undefined;
    const dockerHost = engine?.host ?? `unix://${join(dir, 'no-daemon.sock')}`;
    const command = readmeMainCommand().replace(/^npm ci && /, '');
    const capture = runCommand('sh', ['-c', command], { cwd: checkout, env: { ...env, DOCKER_HOST: dockerHost } });
    assert.equal(capture.code, 0, capture.stderr);
    const written = capture.stdout.trim().split('\n').at(-1)!;
    assert.match(written, /docksnap-.+\.db$/);
    assert.ok(existsSync(join(checkout, written)) || existsSync(written), `the last line names the snapshot written: ${written}`);
  });
});
