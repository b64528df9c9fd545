/**
 * How docksnap is started. The package's bin (src/cli/docksnap) starts the CLI from its start-up
 * snapshot, dist/docksnap.blob, when Node can use it, else from the bundled CLI; both start Node
 * without NODE_EXTRA_CA_CERTS (it would build its TLS root store on every start), the variable
 * kept for the TLS connections and child processes that need it (src/collect/docker-api/extra-ca.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { DEFERRED_EXTRA_CA, defaultTrustedCas, takeDeferredExtraCa } from '../../src/collect/docker-api/extra-ca.js';
import { runCommand } from '../helpers/command.js';
import { CLI_PATH } from '../helpers/exec.js';
import { tempDir } from '../helpers/tmp.js';

const BIN = fileURLToPath(new URL('../../src/cli/docksnap', import.meta.url));
const DIST = dirname(CLI_PATH);
const SNAPSHOTS = fileURLToPath(new URL('../../snapshots/', import.meta.url));

const run = (file: string, args: readonly string[], env: NodeJS.ProcessEnv = {}) =>
  runCommand(file, args, { env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/root', NO_COLOR: '1', ...env } });

test('through the bin and through the bundled CLI\'s #! line, Node starts without loading NODE_EXTRA_CA_CERTS; run by node directly, it loads it', () => {
  const env = { PATH: process.env['PATH'] ?? '', NODE_EXTRA_CA_CERTS: join(tempDir(), 'absent.pem') };
  for (const launcher of [BIN, CLI_PATH]) {
    const result = spawnSync(launcher, ['--version'], { encoding: 'utf8', env });
    assert.deepEqual([result.status, result.stderr], [0, ''], launcher);
  }
  // Node reads the variable while starting, and says so when the file is missing: what the launchers spare.
  const direct = spawnSync(process.execPath, [CLI_PATH, '--version'], { encoding: 'utf8', env });
  assert.equal(direct.status, 0);
  assert.match(direct.stderr, /Ignoring extra certs from .*absent\.pem/);
});

test('the build leaves a start-up snapshot for the Node binary that built it and for this dist/', () => {
  const [builtBy, builtIn] = readFileSync(join(DIST, 'docksnap.blob.id'), 'utf8').split('\n');
  const stat = spawnSync('stat', ['-L', '-c', '%d %i %s %Y', process.execPath], { encoding: 'utf8' });
  assert.equal(builtBy, stat.stdout.trim());
  assert.equal(builtIn, realpathSync(DIST));
  assert.ok(readFileSync(join(DIST, 'docksnap.blob')).length > 1024 * 1024);
});

test('started from the snapshot, commands print and exit as the bundled CLI does', () => {
  const work = tempDir();
  const snapshot = (era: string) => {
    const out = join(work, `${era}.db`);
    const result = run(CLI_PATH, ['capture', '--offline', '--docker-root', join(SNAPSHOTS, era, 'docker-root'), '-o', out, '--quiet']);
    assert.equal(result.code, 0, result.stderr);
    return out;
  };
  const [current, old] = [snapshot('overlay2-20.10'), snapshot('docker-1.x')];
  const commands = [
    ['--version'],
    ['--help'],
    ['diff', '--help'],
    ['show', current, '--json'],
    ['diff', old, current],
    ['diff', old, current, '--format', 'json', '--mode', 'across-hosts'],
    ['query', current, 'SELECT count(*) AS n FROM containers'],
    ['show', join(work, 'absent.db')],
    ['diff', current],
    ['no-such-command'],
  ];
  const statuses = new Set<number>();
  for (const args of commands) {
    const fromBin = run(BIN, args);
    assert.deepEqual(fromBin, run(process.execPath, [CLI_PATH, ...args]), args.join(' '));
    statuses.add(fromBin.code);
  }
  assert.deepEqual([...statuses].sort(), [0, 1, 2]);
});

test('the bin starts from the snapshot only with the Node binary and the directory it was built for, and no NODE_OPTIONS', () => {
  // A copy of the package whose dist/docksnap.mjs only says that it ran: what runs tells which start was taken.
  const pkg = join(tempDir(), 'pkg');
  mkdirSync(join(pkg, 'src', 'cli'), { recursive: true });
  mkdirSync(join(pkg, 'dist'));
  copyFileSync(BIN, join(pkg, 'src', 'cli', 'docksnap'));
  chmodSync(join(pkg, 'src', 'cli', 'docksnap'), 0o755);
  copyFileSync(join(DIST, 'docksnap.blob'), join(pkg, 'dist', 'docksnap.blob'));
  writeFileSync(join(pkg, 'dist', 'docksnap.mjs'), 'console.log("from docksnap.mjs:", process.argv.slice(2).join(" "));\n');
  const [builtBy] = readFileSync(join(DIST, 'docksnap.blob.id'), 'utf8').split('\n');
  const id = (by: string, dir: string) => writeFileSync(join(pkg, 'dist', 'docksnap.blob.id'), `${by}\n${dir}\n`);
  const started = (env: NodeJS.ProcessEnv = {}) => run(join(pkg, 'src', 'cli', 'docksnap'), ['--version', '--', '-x'], env).stdout;
  const version = (JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')) as { version: string }).version;

  id(builtBy!, realpathSync(join(pkg, 'dist')));
  assert.equal(started(), `${version}\n`);
  // Through a link to the bin, as npm installs it.
  symlinkSync(join(pkg, 'src', 'cli', 'docksnap'), join(pkg, 'linked'));
  assert.equal(run(join(pkg, 'linked'), ['--version']).stdout, `${version}\n`);

  const fallback = 'from docksnap.mjs: --version -- -x\n';
  assert.equal(started({ NODE_OPTIONS: '--max-old-space-size=4096' }), fallback);
  id(builtBy!.replace(/ \d+$/, ' 1'), realpathSync(join(pkg, 'dist')));
  assert.equal(started(), fallback, 'another Node binary');
  id(builtBy!, DIST);
  assert.equal(started(), fallback, 'another directory');
  writeFileSync(join(pkg, 'dist', 'docksnap.blob.id'), '');
  assert.equal(started(), fallback, 'an empty id');
  rmSync(join(pkg, 'dist', 'docksnap.blob.id'));
  assert.equal(started(), fallback, 'no id');

  rmSync(join(pkg, 'dist', 'docksnap.mjs'));
  const unbuilt = run(join(pkg, 'src', 'cli', 'docksnap'), ['--version']);
  assert.deepEqual(unbuilt, { code: 1, stdout: '', stderr: `docksnap: not built — run npm ci in ${realpathSync(pkg)} first\n` });
});

test('the deferred file is put back as NODE_EXTRA_CA_CERTS for child processes, and trusted with the default roots', () => {
  const dir = tempDir();
  const pem = join(dir, 'extra.pem');
  writeFileSync(pem, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
  assert.equal(defaultTrustedCas([]), undefined, 'nothing deferred: Node\'s own default');
  const env: NodeJS.ProcessEnv = { [DEFERRED_EXTRA_CA]: pem, OTHER: 'x' };
  takeDeferredExtraCa(env);
  assert.deepEqual(env, { NODE_EXTRA_CA_CERTS: pem, OTHER: 'x' });
  const warnings: string[] = [];
  assert.deepEqual(defaultTrustedCas(warnings), [...rootCertificates, readFileSync(pem, 'latin1')]);
  assert.deepEqual(warnings, []);
  rmSync(pem);
  assert.equal(defaultTrustedCas(warnings), undefined, 'an unreadable file is left out, as Node leaves it out');
  assert.match(warnings.join('\n'), /NODE_EXTRA_CA_CERTS \(.*extra\.pem\) ignored: .*ENOENT|no such file/i);
});

test('the deferred file is read bounded: a FIFO, a device, a file past the cap or a link cycle is left out with a warning; a link, a relative path and an odd name are followed', () => {
  const dir = tempDir();
  const pem = join(dir, 'extra.pem');
  writeFileSync(pem, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
  const fifo = join(dir, 'fifo.pem');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
  const huge = join(dir, 'huge.pem');
  writeFileSync(huge, '');
  truncateSync(huge, 2 * 1024 ** 3);
  const link = join(dir, 'link.pem');
  symlinkSync(pem, link);
  const loop = join(dir, 'loop.pem');
  symlinkSync(loop, loop);
  // A name with control characters is still a name: the file is read (the variable reaches Node as
  // UTF-8 text, so bytes that are not UTF-8 cannot be named here; a warning naming it is escaped where printed).
  const oddName = join(dir, 'odd\u001b[31m\t.pem');
  writeFileSync(oddName, readFileSync(pem));
  const trusted = (file: string) => {
    takeDeferredExtraCa({ [DEFERRED_EXTRA_CA]: file });
    const warnings: string[] = [];
    return { cas: defaultTrustedCas(warnings), warnings };
  };
  for (const [file, why] of [[fifo, /not a regular file|fifo/i], ['/dev/zero', /not a regular file|character/i], [huge, /larger than|over|cap|exceeds/i], [loop, /ELOOP|too many (levels of )?symbolic links|link/i]] as const) {
    const { cas, warnings } = trusted(file);
    assert.equal(cas, undefined, file);
    assert.equal(warnings.length, 1, file);
    assert.match(warnings[0] ?? '', why, file);
  }
  const expected = [...rootCertificates, readFileSync(pem, 'latin1')];
  assert.deepEqual(trusted(link), { cas: expected, warnings: [] });
  assert.deepEqual(trusted(oddName), { cas: expected, warnings: [] });
  const cwd = process.cwd();
  try {
    process.chdir(dir);
    assert.deepEqual(trusted('extra.pem'), { cas: expected, warnings: [] });
  } finally {
    process.chdir(cwd);
  }
});

test('an empty deferred variable (NODE_EXTRA_CA_CERTS was not set) is dropped and sets nothing', () => {
  const env: NodeJS.ProcessEnv = { [DEFERRED_EXTRA_CA]: '' };
  takeDeferredExtraCa(env);
  assert.deepEqual(env, {});
});

test("the CLI's process keeps V8's young generation small, without a node flag", () => {
  // Many short-lived strings, as a capture makes: V8 grows the young generation to 32 MiB unless told not to.
  const newSpaceMiB = (prepare: boolean) => {
    const script = `${prepare ? "(await import('./src/cli/prepare-process.ts')).prepareProcess(process.env);" : ''}
      const v8 = await import('node:v8');
      const kept = [];
      for (let i = 0; i < 2e6; i++) { const s = 'x'.repeat(24) + i; if (i % 1000 === 0) kept.push(s); }
      const space = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
      console.log(space.space_size / 1048576);`;
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', cwd: fileURLToPath(new URL('../..', import.meta.url)) });
    assert.equal(result.status, 0, result.stderr);
    return Number(result.stdout.trim());
  };
  assert.ok(newSpaceMiB(false) > 8, 'without it, V8 grows the young generation');
  assert.ok(newSpaceMiB(true) <= 4, 'with it, the young generation stays at its first size');
});
