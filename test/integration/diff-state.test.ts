import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Engine, OPT_OUT_ENV } from '../helpers/engine.js';
import { runInProcess } from '../helpers/cli.js';
import { assertMatchesSchema } from '../helpers/schema.js';
import { tempDir } from '../helpers/tmp.js';
import { captureEngine, diffJson, ownEngine } from '../diff/live.js';

const skip = process.env[OPT_OUT_ENV] === '1' && !process.env['CI'] ? `private Docker engine disabled by ${OPT_OUT_ENV}=1` : false;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Inspected {
  readonly Id: string;
  readonly Created: string;
  readonly State: { Status: string; ExitCode: number; OOMKilled: boolean; StartedAt: string; FinishedAt: string; Pid: number };
}

/** The pid (on the host) of chatty's `sleep 1000`, 0 when there is none. */
function loopChild(engine: Engine): number {
  const line = engine.docker(['top', 'chatty', '-o', 'pid,args']).split('\n').find((l) => /\ssleep 1000$/.test(l));
  return Number(line?.trim().split(/\s+/)[0] ?? 0);
}

/** How many lines chatty has logged. */
function ticks(engine: Engine): number {
  return engine.docker(['logs', 'chatty']).split('\n').filter((l) => l === 'tick').length;
}

/**
 * The acceptance scenario of "what changed on this host": one container stopped, one paused, an
 * exec in a third, a fourth that logs and runs a child in a loop, a fifth recreated with a new
 * memory limit. Then a pair of captures where only the logging container did anything: its child
 * ended, the loop logged and started another.
 */
describe('diff states what changed: stop, pause, exec, recreate; logging and short-lived children are runtime', { skip }, () => {
  const dir = tempDir('docksnap-diff-state-');
  const [beforePath, afterPath, laterPath] = ['before.db', 'after.db', 'later.db'].map((f) => join(dir, f)) as [string, string, string];
  let engine: Engine;
  let before_: Record<string, Inspected> = {};
  let after_: Record<string, Inspected> = {};
  let execPid = 0;
  const names = ['stopme', 'pauseme', 'execme', 'chatty', 'recreate'];

  before(async () => {
    engine = await ownEngine();
    for (const name of ['stopme', 'pauseme', 'execme', 'recreate']) engine.run(name, ['sleep', '1000']);
    // Its loop's child lives until the test ends it between the last two captures: however long a
    // capture takes on a loaded machine, each of those captures sees its own child, alive.
    engine.run('chatty', ['sh', '-c', 'while true; do echo tick; sleep 1000; done']);
    await pause(1500);
    before_ = Object.fromEntries(names.map((n) => [n, engine.inspect<Inspected>(n)]));
    await captureEngine(engine, beforePath);
    engine.docker(['kill', 'stopme']);
    engine.docker(['pause', 'pauseme']);
    engine.docker(['exec', '-d', 'execme', 'sh', '-c', 'sleep 1000; echo done']);
    engine.remove('recreate');
    engine.run('recreate', ['sleep', '1000'], { flags: ['--memory', '64m'] });
    await pause(2200);
    after_ = Object.fromEntries(names.map((n) => [n, engine.inspect<Inspected>(n)]));
    execPid = Number(engine.docker(['top', 'execme', '-o', 'pid,args']).split('\n').find((l) => l.includes('echo done'))?.trim().split(/\s+/)[0]);
    await captureEngine(engine, afterPath);
    const child = loopChild(engine);
    process.kill(child, 'SIGKILL');
    const deadline = Date.now() + 20_000;
    while (!(loopChild(engine) > 0 && loopChild(engine) !== child && ticks(engine) >= 2) && Date.now() < deadline) await pause(100);
    await captureEngine(engine, laterPath);
  });

  after(async () => {
    await engine?.stop();
  });

  test('the stop (with its exit code and time), the pause, the exec once, the memory change; exit 1', async () => {
    const { code, entries } = await diffJson([beforePath, afterPath]);
    assert.equal(code, 1);
    const status = (i: Inspected, at: string | null) => ({ state: i.State.Status, exit_code: i.State.Status === 'exited' ? i.State.ExitCode : null, oom_killed: i.State.OOMKilled, at });
    const row = (group: string, entity_key: string, path: string, kind: string, old: unknown, now: unknown) =>
      ({ entity_kind: 'container', entity_key, container: entity_key, path, kind, old, new: now, group, rule: null, side: null, reason: null });
    const stopme = after_['stopme'] as Inspected;
    assert.equal(stopme.State.ExitCode, 137);
    const execme = entries.find((e) => e.group === 'state' && e.entity_key === 'execme');
    assert.deepEqual(entries.filter((e) => e.group !== 'runtime'), [
      row('state', 'execme', execme?.path ?? '?', 'added', null, { argv: ['sh', '-c', 'sleep 1000; echo done'], pid: execPid }),
      row('state', 'pauseme', '/state', 'changed', status(before_['pauseme'] as Inspected, before_['pauseme']!.State.StartedAt), status(after_['pauseme'] as Inspected, null)),
      row('state', 'stopme', '/state', 'changed', status(before_['stopme'] as Inspected, before_['stopme']!.State.StartedAt), status(stopme, stopme.State.FinishedAt)),
      row('config', 'recreate', '/HostConfig/Memory', 'changed', 0, 67108864),
      row('config', 'recreate', '/HostConfig/MemorySwap', 'changed', 0, 134217728),
    ], JSON.stringify(entries.filter((e) => e.group !== 'runtime'), null, 1));
    assert.match(execme?.path ?? '', new RegExp(`^/execs/${execPid}:\\d+$`));
  });

  test('text: state first, the exec as one line, then the config; runtime folded one line per entity', async () => {
    const { stdout, code } = await runInProcess(['diff', beforePath, afterPath]);
    assert.equal(code, 1);
    const stopme = after_['stopme'] as Inspected;
    const main = stdout.slice(0, stdout.indexOf('\n\n'));
    assert.equal(main, [
      `+ exec in execme: sh -c 'sleep 1000; echo done' (pid ${execPid})`,
      main.split('\n')[1]?.startsWith('~ container pauseme  running → paused  between ') ? main.split('\n')[1] : '~ container pauseme  running → paused  between <A> and <B>',
      `~ container stopme  running → exited (137)  at ${stopme.State.FinishedAt}`,
      '~ container recreate  /HostConfig/Memory  0 → 67108864',
      '~ container recreate  /HostConfig/MemorySwap  0 → 134217728',
    ].join('\n'));
    assert.match(stdout, /\nruntime changes \(\d+\); --show-runtime lists each\n/);
    assert.doesNotMatch(stdout, /std(out|err)/, 'no exec fifo line');
    assert.doesNotMatch(stdout, /fd \d+ → /, 'no daemon fd line: folded');
    assert.match(stdout, /\n1 state changes|\n3 state changes; 0 added, 0 removed, 2 changed; \d+ runtime changes; \d+ suppressed; 0 unknown\n$/);
  });

  test('every format has the state changes; json matches its schema', async () => {
    const json = await runInProcess(['diff', beforePath, afterPath, '--format', 'json', '--show-suppressed']);
    assertMatchesSchema('diff.schema.json', JSON.parse(json.stdout));
    const markdown = (await runInProcess(['diff', beforePath, afterPath, '--format', 'markdown', '--show-suppressed'])).stdout;
    assert.match(markdown, /^# docksnap diff\n\nSnapshot A `[^`]+` \(host [^,]+, captured [^)]+\) compared with snapshot B `[^`]+` \(host [^,]+, captured [^)]+\) as one host \(inferred from the boot ids\): \*\*3 state changes\*\*, \*\*0 added, 0 removed, 2 changed\*\* in configuration, \d+ runtime changes, \d+ suppressed as noise, 0 unknown\.\n/);
    assert.match(markdown, /\n## State changes\n\n\| \| entity \| change \|\n\| --- \| --- \| --- \|\n\| \+ \| container execme \| exec in execme: sh -c 'sleep 1000; echo done' \(pid \d+\) \|\n\| ~ \| container pauseme \| running → paused {2}between [^|]+\|\n\| ~ \| container stopme \| running → exited \(137\) {2}at [^|]+\|\n\n## Configuration changes\n\n### Containers\n/);
    assert.match(markdown, /\n<details>\n<summary>\d+ runtime changes, \d+ suppressed<\/summary>\n\n### Runtime changes\n(.*\n)+### Suppressed\n(.*\n)+\n<\/details>\n$/);
  });

  test("the recreated container's daemon fds pair by target, never by number", async () => {
    const { entries } = await diffJson([beforePath, afterPath, '--show-suppressed', '--show-runtime']);
    const daemonFds = entries.filter((e) => e.entity_kind === 'process' && /^(dockerd|containerd) /.test(e.entity_key) && e.path.startsWith('/fds/'));
    assert.ok(daemonFds.length > 0);
    assert.deepEqual(daemonFds.filter((e) => /^\/fds\/\d+(\/|$)/.test(e.path)), [], 'no daemon fd is keyed by its number');
    const oldId = before_['recreate']!.Id;
    const newId = after_['recreate']!.Id;
    const logPair = daemonFds.find((e) => e.path.endsWith('/target') && String(e.old).includes(`${oldId}-json.log`));
    assert.ok(logPair, "dockerd's fd on the old container's log is paired with one on the new container's log");
    assert.equal(logPair.new, String(logPair.old).replaceAll(oldId, newId));
    assert.match(logPair.path, /^\/fds\/.*~1containers~1recreate~1recreate-json\.log\/target$/);
    assert.ok(!daemonFds.some((e) => e.kind === 'changed' && e.path.endsWith('/target') && !String(e.new).includes(newId) && !String(e.new).startsWith('socket:') && !String(e.new).startsWith('pipe:')), 'no fd number pairs two unrelated files');
  });

  test('the three captures as a series: the stop, pause, exec and memory change in the first step, nothing but runtime in the second', async () => {
    const { code, stdout } = await runInProcess(['diff', laterPath, beforePath, afterPath, '--format', 'json']);
    assert.equal(code, 1);
    const timeline = JSON.parse(stdout) as { snapshots: { path: string }[]; changes: { step: number; entity_key: string; path: string; group: string }[] };
    assertMatchesSchema('diff-timeline.schema.json', timeline);
    assert.deepEqual(timeline.snapshots.map((s) => s.path), [beforePath, afterPath, laterPath]);
    const shown = timeline.changes.filter((c) => c.group !== 'runtime').map((c) => `${c.step} ${c.group} ${c.entity_key} ${c.path.replace(/\/execs\/.*/, '/execs/…')}`);
    assert.deepEqual(shown, ['0 state execme /execs/…', '0 state pauseme /state', '0 config recreate /HostConfig/Memory', '0 config recreate /HostConfig/MemorySwap', '0 state stopme /state']);
  });

  test('only logging and short-lived children: exit 0, children summarised per container', async () => {
    const { code, stdout } = await runInProcess(['diff', afterPath, laterPath]);
    assert.equal(code, 0, stdout);
    assert.match(stdout, /^runtime changes \(\d+\); --show-runtime lists each\n/);
    assert.match(stdout, /\n~ container chatty  \d+ short-lived process(es)? came and went \(short-lived\)\n/);
    assert.match(stdout, /\n~ container chatty  3 runtime changes \(log-growth\)\n/);
    assert.match(stdout, /\n0 state changes; 0 added, 0 removed, 0 changed; \d+ runtime changes; \d+ suppressed; 0 unknown\n$/);
    const { entries } = await diffJson([afterPath, laterPath]);
    const children = entries.filter((e) => e.rule === 'short-lived');
    assert.ok(children.every((e) => e.group === 'runtime' && e.container === 'chatty' && /^chatty: sleep 1000 \(pid \d+\)$/.test(e.entity_key)), JSON.stringify(children));
    assert.equal(children.length, 2, 'the child that ended and the one that took its place');
    assert.equal((await runInProcess(['diff', afterPath, laterPath, '--fail-on', 'runtime'])).code, 1);
  });
});
