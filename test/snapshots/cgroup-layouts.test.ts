/**
 * Every cgroup layout of test/fixtures/cgroup/ (v2 with the systemd and cgroupfs drivers,
 * rootless, Kubernetes with both drivers, hybrid): a saved /proc and cgroup tree beside the
 * Docker root of snapshots/overlay2-20.10, captured offline. What each capture must give is in the
 * layout's expected.json, written by hand from the layout's own files (see the README there).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyFixture, treeChecksums } from '../helpers/copy-fixture.js';
import { runInProcess } from '../helpers/cli.js';
import { SNAPSHOTS, cliJson } from '../helpers/offline-capture.js';
import { assertMatchesSchema } from '../helpers/schema.js';
import { tempDir } from '../helpers/tmp.js';

const LAYOUTS_DIR = new URL('../fixtures/cgroup/', import.meta.url).pathname;
const LAYOUTS = readdirSync(LAYOUTS_DIR, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();

interface Expected {
  readonly cgroup_version: string;
  readonly dockerd_pid: number;
  readonly unattributed_processes: unknown[];
  readonly containers: Record<string, { id: string; processes: number[]; shims: number[]; cgroup_path: string; cgroup_limits: Record<string, [string, string, string]> }>;
}

interface ContainerView {
  container: { id: string; state: string };
  processes: { pid: number }[];
  monitors: { pid: number; role: string }[];
  cgroup_limits: { file: string; value: string; cgroup_version: string; controllers: string; cgroup_path: string; path: string }[];
}

/** The layout's proc/ and cgroup/ with the overlay2-20.10 Docker root beside them, in a temporary copy, captured offline. */
async function captureLayout(layout: string, workDir: string): Promise<{ tree: string; snapshot: string; before: string[] }> {
  const tree = copyFixture(join(LAYOUTS_DIR, layout), workDir);
  cpSync(join(SNAPSHOTS, 'overlay2-20.10', 'docker-root'), join(tree, 'docker-root'), { recursive: true, verbatimSymlinks: true });
  const before = treeChecksums(tree);
  const snapshot = join(workDir, 'capture.db');
  const roots = ['--docker-root', join(tree, 'docker-root'), '--proc-root', join(tree, 'proc'), '--cgroup-root', join(tree, 'cgroup')];
  const result = await runInProcess(['capture', '--offline', ...roots, '-o', snapshot, '--quiet']);
  assert.equal(result.code, 0, result.stderr);
  return { tree, snapshot, before };
}

test('there is a fixture tree per cgroup layout', () => {
  assert.deepEqual(LAYOUTS, ['hybrid', 'kubernetes', 'kubernetes-cgroupfs', 'rootless', 'v2-cgroupfs', 'v2-systemd']);
});

for (const layout of LAYOUTS) {
  const workDir = tempDir();
  test(`cgroup layout ${layout}: container processes found, limits read where the layout keeps them, tree unchanged`, async () => {
    const expected = expectedOf(layout);
    const { tree, snapshot, before } = await captureLayout(layout, workDir);
    const show = (await cliJson(['show', snapshot, '--json'])) as {
      snapshot: { cgroup_version: string };
      daemon_processes: { pid: number; role: string }[];
      unattributed_processes: unknown[];
      capture_errors: { phase: string; path: string | null }[];
    };
    assertMatchesSchema('show.schema.json', show);
    assert.equal(show.snapshot.cgroup_version, expected.cgroup_version);
    assert.equal(show.daemon_processes.find((p) => p.role === 'dockerd')?.pid, expected.dockerd_pid);
    assert.deepEqual(show.unattributed_processes, expected.unattributed_processes);
    assert.deepEqual(show.capture_errors.filter((e) => e.phase === 'cgroup'), []);
    for (const [name, want] of Object.entries(expected.containers)) {
      const view = (await cliJson(['show', snapshot, '--container', name, '--json'])) as ContainerView;
      assertMatchesSchema('container.schema.json', view);
      assert.equal(view.container.id, want.id);
      assert.deepEqual(view.processes.map((p) => p.pid), want.processes, `${name}'s processes`);
      assert.deepEqual(view.monitors.map((m) => [m.pid, m.role]), want.shims.map((pid) => [pid, 'shim']));
      const limits = Object.fromEntries(view.cgroup_limits.map((l) => [l.file, [l.value, l.cgroup_version, l.controllers]]));
      assert.deepEqual(limits, want.cgroup_limits, `${name}'s cgroup limits`);
      for (const l of view.cgroup_limits) {
        assert.equal(l.cgroup_path, want.cgroup_path);
        assert.ok(l.path.startsWith(join(tree, 'cgroup')) && l.path.endsWith(`${want.cgroup_path}/${l.file}`), l.path);
        assert.equal(readFileSync(l.path, 'utf8').trim(), l.value);
      }
    }
    assert.deepEqual(treeChecksums(tree), before, 'the capture wrote under the roots');
  });
}

test('diff: a limit written into the cgroup behind the engine is a change; usage is not', async () => {
  const workDir = tempDir();
  const { tree, snapshot: before } = await captureLayout('v2-systemd', workDir);
  const worker = expectedOf('v2-systemd').containers['worker']!;
  const scope = join(tree, 'cgroup', worker.cgroup_path);
  writeFileSync(join(scope, 'memory.max'), '134217728\n');
  writeFileSync(join(scope, 'memory.current'), '2000896\n');
  const after = join(workDir, 'after.db');
  const roots = ['--docker-root', join(tree, 'docker-root'), '--proc-root', join(tree, 'proc'), '--cgroup-root', join(tree, 'cgroup')];
  assert.equal((await runInProcess(['capture', '--offline', ...roots, '-o', after, '--quiet'])).code, 0);
  const result = await runInProcess(['diff', before, after, '--format', 'json']);
  assert.equal(result.code, 1, result.stderr);
  const changes = JSON.parse(result.stdout) as { entity_key: string; path: string; kind: string; old: unknown; new: unknown }[];
  assert.deepEqual(changes.map((c) => [c.entity_key, c.path, c.kind, c.old, c.new]), [['worker', '/cgroup_limits/memory.max', 'changed', '67108864', '134217728']]);
});

function expectedOf(layout: string): Expected {
  return JSON.parse(readFileSync(join(LAYOUTS_DIR, layout, 'expected.json'), 'utf8')) as Expected;
}
