/**
 * The benchmark's judgement (test/bench): the floor really sends its API requests in parallel and
 * fails when a request fails, the stack's own floor replays the traced reads (and only those) and
 * writes every row of a snapshot, the baselines of the diff and the export do their whole job and
 * fail on a damaged file, the scripted docker CLI's failures are counted rather than
 * discarded, and the targets are judged on marginal cost, each one met, MISSED or NOT MEASURED.
 * Expected figures are worked out by hand from the inputs given here.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { buildFloor, copyGzipCommand, floorCommand, nodeReadsCommand, readBothCommand, sqliteWriteCommand } from './bench/floor.js';
import { openSnapshotDb } from '../src/store/open.js';
import { countRows } from '../src/read/meta.js';
import { TABLE_NAMES } from '../src/types/snapshot.generated.js';
import { ScriptedCollection, describeFailures } from './bench/scripted.js';
import { targets } from './bench/targets.js';
import type { Series } from './bench/measure.js';
import { renderResults, type CaptureFigures, type Results } from './bench/results.js';
import { tempDir } from './helpers/tmp.js';
import { SNAPSHOTS, captureFixture } from './helpers/offline-capture.js';

/** Rows per table of a snapshot (in TABLE_NAMES order), by docksnap's own reader. */
function countPerTable(path: string): number[] {
  const db = openSnapshotDb(path);
  try {
    return TABLE_NAMES.map((table) => countRows(db, table));
  } finally {
    db.close();
  }
}

describe('the floor', () => {
  /** A Docker-like API on a unix socket answering after 100 ms, recording what it was asked and how many at once. */
  async function fakeDaemon(socket: string, failing?: string) {
    const seen: { path: string; inFlight: number; afterList: boolean }[] = [];
    let inFlight = 0;
    let listAnswered = false;
    const server = createServer((request, response) => {
      inFlight++;
      seen.push({ path: request.url ?? '', inFlight, afterList: listAnswered });
      setTimeout(() => {
        inFlight--;
        if (request.url?.startsWith('/containers/json')) listAnswered = true;
        response.writeHead(request.url === failing ? 500 : 200, { 'content-type': 'application/json' }).end('{}');
      }, 100);
    });
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    return { seen, close: () => new Promise((resolve) => server.close(resolve)) };
  }

  function traceOf(dir: string, ids: readonly string[]): string {
    const file = join(dir, 'file');
    writeFileSync(file, 'x'.repeat(4096));
    const lines = ['api\tGET /version', `read\t${file}`, 'api\tGET /containers/json?all=true', `readdir\t${dir}`, 'api\tGET /info', ...ids.map((id) => `api\tGET /containers/${id}/json`)];
    const trace = join(dir, 'trace');
    writeFileSync(trace, `${lines.join('\n')}\n`);
    return trace;
  }

  async function runFloor(argv: readonly string[]): Promise<number> {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: 'ignore' });
    return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  }

  const ids = Array.from({ length: 12 }, (_, i) => String(i).padStart(64, 'a'));

  test('sends the list first, then every inspect at once, and exits 0', async () => {
    const dir = tempDir('floor-');
    const daemon = await fakeDaemon(join(dir, 'docker.sock'));
    try {
      const command = floorCommand(buildFloor(dir), traceOf(dir, ids), join(dir, 'docker.sock'), dir);
      assert.equal(await runFloor(command.argv), 0);
      assert.deepEqual(command, { ...command, requests: 15, inspects: 12 });
      const inspects = daemon.seen.filter((s) => /^\/containers\/a+\d+\/json$/.test(s.path));
      assert.deepEqual(inspects.map((s) => s.path).sort(), ids.map((id) => `/containers/${id}/json`).sort());
      assert.ok(inspects.every((s) => s.afterList), 'an inspect was sent before the container list answered');
      assert.ok(Math.max(...inspects.map((s) => s.inFlight)) > 1, 'the inspects were sent one at a time');
      assert.deepEqual(daemon.seen.filter((s) => !inspects.includes(s)).map((s) => s.path).sort(), ['/containers/json?all=true', '/info', '/version']);
    } finally {
      await daemon.close();
    }
  });

  test('fails when a request fails, so a broken floor cannot pass for a fast one', async () => {
    const dir = tempDir('floor-');
    const daemon = await fakeDaemon(join(dir, 'docker.sock'), `/containers/${ids[3]}/json`);
    try {
      const command = floorCommand(buildFloor(dir), traceOf(dir, ids), join(dir, 'docker.sock'), dir);
      assert.notEqual(await runFloor(command.argv), 0);
    } finally {
      await daemon.close();
    }
  });
});

describe("the stack's own floor", () => {
  test('Node replays every file read of the trace, and only those: a vanished file counts, an API line does not', () => {
    const dir = tempDir();
    const file = join(dir, 'file');
    writeFileSync(file, 'x'.repeat(3 << 20));
    symlinkSync('file', join(dir, 'link'));
    const lines = ['api\tGET /version', `read\t${file}`, `readlink\t${join(dir, 'link')}`, `readdir\t${dir}`, `lstat\t${file}`, `tail\t65536\t${file}`, `read\t${join(dir, 'gone')}`, 'bogus\tline'];
    const trace = join(dir, 'trace');
    writeFileSync(trace, `${lines.join('\n')}\n`);
    const [node, script, ...args] = nodeReadsCommand(trace);
    const traced = spawnSync('strace', ['-f', '-e', 'trace=openat,read,pread64,readlink,getdents64', '-o', join(dir, 'strace'), node!, script!, ...args], { encoding: 'utf8' });
    assert.equal(traced.status, 0, traced.stderr);
    assert.equal(traced.stdout, '6\n');
    const calls = readFileSync(join(dir, 'strace'), 'utf8');
    // The whole 3 MiB file is read in 1 MiB reads, the tail by one pread at its offset.
    assert.equal(calls.match(new RegExp(`openat\\(AT_FDCWD, "${file}", O_RDONLY\\|O_NONBLOCK\\|O_NOFOLLOW`, 'g'))?.length, 2);
    assert.match(calls, new RegExp(`pread64\\(\\d+, .*, 1048576, ${(3 << 20) - 65536}\\) = 65536`));
    assert.match(calls, new RegExp(`readlink\\("${join(dir, 'link')}"`));
    assert.match(calls, new RegExp(`openat\\(AT_FDCWD, "${join(dir, 'gone')}".* = -1 ENOENT`));
  });

  test("SQLite's write copies every row of a snapshot into a file that opens as one", async () => {
    const { snapshot: source } = await captureFixture(join(SNAPSHOTS, 'overlay2-20.10'));
    const output = join(tempDir(), 'written.db');
    const [node, script, ...args] = sqliteWriteCommand(source, output);
    const written = spawnSync(node!, [script!, ...args], { encoding: 'utf8' });
    assert.equal(written.status, 0, written.stderr);
    const rows = countPerTable(source);
    for (const table of ['containers', 'files', 'container_layers'] as const) assert.ok(rows[TABLE_NAMES.indexOf(table)]! > 0, `${table} has rows to copy`);
    assert.deepEqual(countPerTable(output), rows);
    assert.equal(written.stdout, `${rows.reduce((a, b) => a + b)}\n`);
  });
});

describe('the baselines of the diff and the export', () => {
  const run = (argv: string[]) => spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8' });

  test('reading both snapshots reads every row of each', async () => {
    const { snapshot: a } = await captureFixture(join(SNAPSHOTS, 'overlay2-20.10'));
    const { snapshot: b } = await captureFixture(join(SNAPSHOTS, 'docker-1.x'));
    const total = (path: string) => countPerTable(path).reduce((x, y) => x + y);
    assert.ok(total(a) !== total(b), 'two snapshots of different sizes, so that both must be read');
    const read = run(readBothCommand(a, b));
    assert.equal(read.status, 0, read.stderr);
    assert.equal(read.stdout, `${total(a) + total(b)}\n`);
  });

  test('the compressed copy decompresses to a snapshot with every row; a damaged file fails, with nothing left', async () => {
    const { snapshot } = await captureFixture(join(SNAPSHOTS, 'overlay2-20.10'));
    const dir = tempDir();
    const output = join(dir, 'copy.gz');
    const copied = run(copyGzipCommand(snapshot, output));
    assert.equal(copied.status, 0, copied.stderr);
    const compressed = readFileSync(output);
    assert.equal(copied.stdout, `${compressed.length}\n`);
    const restored = join(dir, 'restored.db');
    writeFileSync(restored, gunzipSync(compressed));
    assert.deepEqual(countPerTable(restored), countPerTable(snapshot));
    assert.equal(existsSync(`${output}.db`), false, 'the uncompressed copy is removed');

    const damaged = join(dir, 'damaged.db');
    const bytes = readFileSync(snapshot);
    bytes.fill(0xff, 4096 * 3, 4096 * 6);
    writeFileSync(damaged, bytes);
    const failed = run(copyGzipCommand(damaged, join(dir, 'damaged.gz')));
    assert.notEqual(failed.status, 0);
    assert.equal(existsSync(join(dir, 'damaged.gz')), false);
    assert.notEqual(run(readBothCommand(damaged, snapshot)).status, 0);
  });
});

test('the scripted docker CLI: every failed command and stderr line is counted', () => {
  const dir = tempDir('scripted-');
  const scripted = new ScriptedCollection(`unix://${join(dir, 'absent.sock')}`, join(dir, 'out'));
  for (let run = 0; run < 2; run++) {
    assert.equal(spawnSync(scripted.argv[0]!, scripted.argv.slice(1), { stdio: 'ignore' }).status, 0);
    scripted.check();
  }
  const failures = scripted.failures();
  assert.equal(failures.runs, 2);
  for (const label of ['docker version', 'docker info', 'docker ps -a', 'docker ps -aq', 'docker images', 'docker network ls', 'docker volume ls']) {
    assert.deepEqual([...(failures.failed.get(label) ?? [])], [[1, 2]], label);
  }
  assert.equal(failures.failed.has('docker inspect'), false, 'no container was listed, so none was inspected');
  assert.ok(failures.stderrLines >= 14, `${failures.stderrLines} stderr lines`);
  assert.match(failures.samples.join('\n'), /Cannot connect to the Docker daemon/);
  assert.match(describeFailures(failures), /^2 runs: docker version exited 1 2×; docker info exited 1 2×/);
});

describe('targets', () => {
  const series = (seconds: number, rssMiB = 100): Series => ({
    runs: [],
    wall: { median: seconds, min: seconds, max: seconds },
    cpu: { median: seconds, min: seconds, max: seconds },
    maxRssMiB: { median: rssMiB, min: rssMiB, max: rssMiB },
  });
  const at = (n: number, seconds: number, options: { floor?: number; rssMiB?: number; inspects?: number[] } = {}): CaptureFigures => ({
    n,
    capture: series(seconds, options.rssMiB),
    floor: series(options.floor ?? seconds / 4),
    nodeReads: series((options.floor ?? seconds / 4) * 1.5),
    sqliteWrite: series(seconds / 8),
    floorApi: { requests: n + 6, inspects: n, parallel: n + 6 },
    scripted: undefined,
    inspects: { expected: n, perRun: options.inspects ?? [n, n], apiErrorsMax: 0 },
    traceLines: 0,
    growSeconds: 0,
  });
  const judge = (capture: CaptureFigures[], stopped?: string): string[] => {
    const results: Results = { machine: {}, runs: 2, sizesAsked: [50, 200, 1000], capture, extra: [], ...(stopped ? { stopped } : {}) };
    return targets(results);
  };
  const line = (lines: string[], text: string) => lines.find((l) => l.includes(text)) ?? assert.fail(`no target line with "${text}" in:\n${lines.join('\n')}`);

  test('marginal cost: (t(1000) − t(200)) / 800 against (t(200) − t(50)) / 150', () => {
    // 50 → 200: 0.5 s over 150 containers = 3.33 ms; 200 → 1000: 3 s over 800 = 3.75 ms; 1.13×.
    const flat = judge([at(50, 0.5), at(200, 1.0, { floor: 0.5 }), at(1000, 4.0)]);
    assert.match(line(flat, 'marginal cost'), /^- met: .*: 3\.75 ms vs 3\.33 ms per container, 1\.13×/);
    assert.match(line(flat, 'of the floor'), /^- met: .*: 2\.00×/);
    // 200 → 1000: 5 s over 800 = 6.25 ms; 1.88×. Total ÷ N would have called this flat (6 ms and 5 ms).
    const steep = judge([at(50, 0.5), at(200, 1.0), at(1000, 6.0, { rssMiB: 320 })]);
    assert.match(line(steep, 'marginal cost'), /^- MISSED: .*: 6\.25 ms vs 3\.33 ms per container, 1\.88×/);
    assert.match(line(steep, 'of the floor'), /^- MISSED: .*: 4\.00×/);
    assert.match(line(steep, 'peak RSS under 300 MiB'), /^- MISSED: .*: 320 MiB/);
  });

  test('a population that stopped short is NOT MEASURED at 1,000, with where it stopped and its figures', () => {
    const lines = judge([at(50, 0.5), at(200, 1.0), at(950, 3.25)], 'stopped growing at 950 of 1000 containers: MemAvailable …');
    assert.match(line(lines, 'marginal cost'), /^- NOT MEASURED: .*stopped growing at 950 of 1000 .*at N=950: 3\.00 ms vs 3\.33 ms per container/);
    assert.match(line(lines, 'peak RSS under 300 MiB'), /^- NOT MEASURED: .*at N=950: 100 MiB/);
  });

  test('one run short of an inspect misses the every-inspect target, naming each run', () => {
    const lines = judge([at(50, 0.5), at(200, 1.0, { inspects: [200, 0, 200] }), at(1000, 4.0)]);
    assert.match(line(lines, 'every inspect'), /^- MISSED: .*N=50: 50\/50 in 2 runs; N=200: 200, 0, 200 of 200 by run/);
    assert.match(line(judge([at(50, 0.5), at(200, 1.0)]), 'every inspect'), /^- met: /);
  });

  test('a figure with baselines is judged on its own target and read against each baseline, in the targets and in a table', () => {
    const results: Results = {
      machine: {},
      runs: 2,
      sizesAsked: [200],
      capture: [at(200, 1.0)],
      extra: [
        { what: 'diff of two 200-container snapshots', series: series(0.6), target: 0.5, baselines: [{ what: 'reading both', series: series(0.8) }] },
        { what: 'export of a 200-container snapshot', series: series(1.5), target: 1, baselines: [{ what: 'copy and gzip', series: series(0.6) }, { what: 'copy alone', series: series(0.25) }] },
        { what: 'import of a 200-container snapshot', series: series(0.5), target: 2 },
      ],
    };
    const lines = targets(results);
    // 0.6 / 0.8 = 0.75×; 1.5 / 0.6 = 2.50×, 1.5 / 0.25 = 6.00×.
    assert.equal(line(lines, 'diff of two'), '- MISSED: diff of two 200-container snapshots under 0.5 s: 0.60 s (CPU 0.60 s; 0.75× reading both)');
    assert.equal(line(lines, 'export of'), '- MISSED: export of a 200-container snapshot under 1 s: 1.50 s (CPU 1.50 s; 2.50× copy and gzip; 6.00× copy alone)');
    assert.equal(line(lines, 'import of'), '- met: import of a 200-container snapshot under 2 s: 0.50 s (CPU 0.50 s)');
    const rendered = renderResults(results).split('\n');
    assert.ok(rendered.includes('## Baselines in the same run (wall seconds)'));
    assert.ok(rendered.includes('| diff of two 200-container snapshots | 0.60 (0.60–0.60) | reading both | 0.80 (0.80–0.80) | 0.75× |'));
    assert.ok(rendered.includes('| export of a 200-container snapshot | 1.50 (1.50–1.50) | copy alone | 0.25 (0.25–0.25) | 6.00× |'));
    assert.equal(rendered.filter((l) => l.startsWith('| import of')).length, 1, 'import, with no baseline, only in the figures table');
  });
});
