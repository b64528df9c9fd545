import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Engine, OPT_OUT_ENV, TEST_IMAGE } from '../helpers/engine.js';
import { runInProcess } from '../helpers/cli.js';
import { assertMatchesSchema } from '../helpers/schema.js';
import { tempDir } from '../helpers/tmp.js';
import { captureEngine, diffJson, ownEngine, type DiffJsonEntry } from '../diff/live.js';

const skip = process.env[OPT_OUT_ENV] === '1' && !process.env['CI'] ? `private Docker engine disabled by ${OPT_OUT_ENV}=1` : false;

describe('diff before and after a change on one host', { skip }, () => {
  const dir = tempDir('docksnap-diff-live-');
  const [beforePath, afterPath, noApiPath] = ['before.db', 'after.db', 'no-api.db'].map((f) => join(dir, f)) as [string, string, string];
  const ids = new Map<string, string>();
  let engine: Engine;

  before(async () => {
    engine = await ownEngine();
    ids.set('s1-before', engine.run('s1', ['sleep', '1000'], { flags: ['-e', 'MODE=blue', '-e', 'LEVEL=1'] }));
    ids.set('old', engine.run('old', ['sleep', '1000']));
    ids.set('same', engine.run('same', ['sleep', '1000']));
    await captureEngine(engine, beforePath);
    engine.remove('s1', 'old');
    ids.set('s1-after', engine.run('s1', ['sleep', '1000'], { flags: ['-e', 'MODE=green', '-e', 'LEVEL=1', '--memory', '64m'] }));
    ids.set('new', engine.run('new', ['sleep', '1000']));
    engine.docker(['restart', '-t', '0', 'same']);
    await captureEngine(engine, afterPath);
    await captureEngine(engine, noApiPath, { dockerHost: `unix://${join(dir, 'nothing.sock')}` });
  });

  after(async () => {
    await engine?.stop();
  });

  test('a snapshot diffed with itself: exit 0 and no output but the summary', async () => {
    const result = await runInProcess(['diff', beforePath, beforePath]);
    assert.equal(result.code, 0);
    assert.equal(result.stdout, '0 state changes; 0 added, 0 removed, 0 changed; 0 runtime changes; 0 suppressed; 0 unknown\n');
  });

  test('recreated with a new --memory and env value, one removed, one added: exactly those, exit 1', async () => {
    const { code, entries } = await diffJson([beforePath, afterPath]);
    assert.equal(code, 1);
    const summary = (name: string) => ({ id: ids.get(name), image: TEST_IMAGE, name, state: 'running' });
    const change = (entity_key: string, path: string, kind: string, old: unknown, now: unknown) => ({ entity_kind: 'container', entity_key, container: entity_key, path, kind, old, new: now, group: 'config', rule: null, side: null, reason: null });
    assert.deepEqual(entries.filter((e) => e.group === 'config'), [
      change('new', '', 'added', null, summary('new')),
      change('old', '', 'removed', summary('old'), null),
      change('s1', '/HostConfig/Memory', 'changed', 0, 67108864),
      change('s1', '/HostConfig/MemorySwap', 'changed', 0, 134217728),
      change('s1', '/env/MODE', 'changed', 'blue', 'green'),
    ]);
    // The kernel's own memory limit of the container follows the config (memory.max on cgroup v2,
    // memory.limit_in_bytes on v1; unlimited: max, or the page-rounded 2^63): the same change, told once.
    const all = await diffJson([beforePath, afterPath, '--show-suppressed']);
    const cgroup = all.entries.find((e) => e.entity_key === 's1' && e.path.startsWith('/cgroup_limits/memory.'));
    assert.match(cgroup?.path ?? '', /^\/cgroup_limits\/memory\.(max|limit_in_bytes)$/);
    assert.match(String(cgroup?.old), /^(max|\d{19})$/);
    assert.deepEqual([cgroup?.new, cgroup?.rule], ['67108864', 'cgroup-mirror']);
  });

  test('the restart (and the recreation) are only in the runtime group', async () => {
    const { entries } = await diffJson([beforePath, afterPath]);
    const runtime = entries.filter((e) => e.group === 'runtime');
    const same = runtime.filter((e) => e.entity_kind === 'container' && e.entity_key === 'same').map((e) => e.path);
    assert.deepEqual(same.filter((p) => p === '/state/pid' || p === '/state/started_at'), ['/state/pid', '/state/started_at']);
    const concerns = (e: DiffJsonEntry) => /^(s1|same)\b|^shim (s1|same)\b|^(dockerd|containerd) \(pid/.test(e.entity_key);
    assert.deepEqual(runtime.filter((e) => !concerns(e)), [], 'every runtime change concerns the restarted or recreated containers');
    assert.ok(runtime.some((e) => e.entity_kind === 'process' && e.entity_key.startsWith('same: sleep 1000') && e.kind === 'added'));
    const text = (await runInProcess(['diff', beforePath, afterPath])).stdout;
    assert.match(text, /\nruntime changes \(\d+\); --show-runtime lists each\n(.*\n)*~ container same  \d+ runtime changes \((log-growth, )?run-state\)\n/);
  });

  test('text, json and markdown each report the real diff', async () => {
    const text = await runInProcess(['diff', beforePath, afterPath]);
    const lines = ['+ container new', '- container old', '~ container s1  /HostConfig/Memory  0 → 67108864', '~ container s1  /HostConfig/MemorySwap  0 → 134217728'];
    assert.ok(text.stdout.startsWith(lines.join('\n')), text.stdout);
    assert.match(text.stdout, /\n~ container s1 {2}\/HostConfig\/MemorySwap {2}0 → 134217728\n~ container s1 {2}\/env\/MODE {2}blue → green\n/);
    assert.match(text.stdout, /\n0 state changes; 1 added, 1 removed, 3 changed; \d+ runtime changes; \d+ suppressed; 0 unknown\n$/);
    const json = await runInProcess(['diff', beforePath, afterPath, '--format', 'json', '--show-suppressed']);
    assertMatchesSchema('diff.schema.json', JSON.parse(json.stdout));
    const markdown = await runInProcess(['diff', beforePath, afterPath, '--format', 'markdown']);
    assert.match(markdown.stdout, /^# docksnap diff\n/);
    assert.match(markdown.stdout, / as one host \(inferred from the boot ids\): \*\*0 state changes\*\*, \*\*1 added, 1 removed, 3 changed\*\* in configuration/);
    assert.match(markdown.stdout, /### Containers\n\n(.*\n){2}\| \+ \| container new \|/);
    assert.match(markdown.stdout, /\| ~ \| container s1 \| `\/env\/MODE` \| `blue` \| `green` \|/);
    assert.match(markdown.stdout, /\n<details>\n<summary>\d+ runtime changes<\/summary>\n\n### Runtime changes\n/);
  });

  test('diff B A is the inverse of diff A B, and two runs give identical bytes', async () => {
    const forward = await diffJson([beforePath, afterPath, '--show-suppressed']);
    const backward = await diffJson([afterPath, beforePath, '--show-suppressed']);
    const flip = { added: 'removed', removed: 'added', changed: 'changed' } as Record<string, string>;
    assert.deepEqual(backward.entries, forward.entries.map((e) => ({ ...e, kind: flip[e.kind], old: e.new, new: e.old })));
    assert.equal((await diffJson([beforePath, afterPath, '--show-suppressed'])).stdout, forward.stdout);
  });

  test('a snapshot taken with the API down reports unknowns, not removals', async () => {
    const { entries } = await diffJson([afterPath, noApiPath]);
    assert.deepEqual(entries.filter((e) => e.kind === 'removed'), []);
    const unknown = entries.filter((e) => e.group === 'unknown').map((e) => `${e.entity_kind} ${e.entity_key} ${e.path}`);
    assert.ok(unknown.includes('daemon daemon /docker_version'), unknown.join('\n'));
    assert.ok(unknown.includes('daemon daemon /networks'), unknown.join('\n'));
    assert.ok(unknown.some((u) => /^process dockerd \(pid \d+\) $/.test(u)), unknown.join('\n'));
  });
});
