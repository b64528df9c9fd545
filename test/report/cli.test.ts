/**
 * `docksnap report` without a browser: the page is self-contained (CSP hashes match its one style
 * and one script), works on bundles and on two snapshots, refuses to overwrite, and the report a
 * bundle carries is built from the redacted snapshot.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeSnapshotFile } from '../../src/store/write.js';
import { runInProcess } from '../helpers/cli.js';
import { makeSecrets, secretSnapshot, secretValues } from '../helpers/secret-snapshot.js';
import { readTar } from '../helpers/tar.js';
import { tempDir } from '../helpers/tmp.js';
import { fakeSnapshot, hexId } from '../diff/synthetic.js';

const dir = tempDir('docksnap-report-');
const env = { XDG_CONFIG_HOME: join(dir, 'config') };
const HOSTILE = '<img src=x onerror=alert(1)>';
const a = join(dir, 'a.db');
const b = join(dir, 'b.db');
await writeSnapshotFile(a, fakeSnapshot({ containers: [{ id: hexId('web'), name: 'web', memory: 1 }] }), { force: false });
await writeSnapshotFile(b, fakeSnapshot({ containers: [{ id: hexId('web'), name: 'web', memory: 2 }, { id: hexId('evil'), name: HOSTILE }] }), { force: false });

const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

test('one page, nothing to load: the CSP forbids everything but its own style and script, by hash', async () => {
  const { code, stdout } = await runInProcess(['report', b]);
  assert.equal(code, 0);
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(stdout)?.[1]?.replace(/&#39;/g, "'");
  const styles = [...stdout.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1] ?? '');
  const scripts = [...stdout.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? '');
  assert.equal(styles.length, 1);
  assert.equal(scripts.length, 1);
  assert.equal(csp, `default-src 'none'; style-src ${sha(styles[0] ?? '')}; script-src ${sha(scripts[0] ?? '')}; img-src 'none'; base-uri 'none'; form-action 'none'`);
  assert.ok((scripts[0]?.length ?? 0) < 2500, 'the script stays small');
  assert.doesNotMatch(stdout, /\b(src|href)="(?!#)/, 'no attribute points anywhere but inside the page');
  assert.ok(!stdout.includes(HOSTILE) && stdout.includes('&lt;img src=x onerror=alert(1)&gt;'));
});

test('-o writes the file and refuses to replace one without --force (exit 2)', async () => {
  const out = join(dir, 'page.html');
  assert.equal((await runInProcess(['report', a, '-o', out])).code, 0);
  writeFileSync(out, 'mine');
  const again = await runInProcess(['report', a, '-o', out]);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /already exists; use --force/);
  assert.equal(readFileSync(out, 'utf8'), 'mine');
  assert.equal((await runInProcess(['report', a, '-o', out, '--force'])).code, 0);
  assert.match(readFileSync(out, 'utf8'), /^<!DOCTYPE html>/);
});

test('two snapshots: the diff page; a bundle works wherever a snapshot does', async () => {
  const bundle = join(dir, 'b.tar.gz');
  assert.equal((await runInProcess(['export', b, '-o', bundle], env)).code, 0);
  for (const [x, y] of [[a, b], [a, bundle]] as const) {
    const { code, stdout, stderr } = await runInProcess(['report', x, y]);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /<b>container web<\/b> \(1\)/);
    assert.match(stdout, /<td>\/HostConfig\/Memory<\/td><td>1<\/td><td>2<\/td>/);
  }
  const single = await runInProcess(['report', bundle]);
  assert.equal(single.code, 0, single.stderr);
  assert.match(single.stdout, /&lt;img src=x onerror=alert\(1\)&gt;/);
});

test("the bundle's report.html is built from the redacted snapshot: secrets show in an unredacted export, never in a redacted one", async () => {
  const secrets = makeSecrets();
  const source = join(dir, 'secrets.db');
  await writeSnapshotFile(source, secretSnapshot(secrets), { force: false });
  const report = async (name: string, ...flags: string[]) => {
    assert.equal((await runInProcess(['export', source, '-o', join(dir, name), ...flags], env)).code, 0);
    return (await readTar(readFileSync(join(dir, name)))).get('report.html')?.toString('utf8') ?? '';
  };
  const plain = await report('plain.tar', '--no-redact');
  const redacted = await report('redacted.tar');
  const values = secretValues(secrets).filter((s) => !s.includes('\n') && !/[<>&"']/.test(s));
  assert.ok(values.some((s) => plain.includes(s)), 'the unredacted report shows secret values');
  for (const s of values) assert.ok(!redacted.includes(s), `the redacted report holds ${s}`);
  assert.match(redacted, /<td>snapshot\.db<\/td>/);
});

test("each container's engine: the engines table, a column of the containers table, a line of the container's detail", async () => {
  const [docker, podman] = ['docker:/var/lib/docker', 'podman:/srv/podman-storage'];
  const ids = { web: hexId('web'), pod: hexId('pod'), old: hexId('old') };
  const content = fakeSnapshot({ containers: [{ id: ids.web, name: 'web' }, { id: ids.pod, name: 'pod' }, { id: ids.old, name: 'old' }] });
  const engineOf: Record<string, string | null> = { [ids.web]: docker, [ids.pod]: podman, [ids.old]: null };
  const engine = (id: string, kind: string, root: string, count: number) => ({
    id, kind, version: kind === 'docker' ? '20.10.24' : '4.3.1', data_root: root, run_root: null, endpoint: null, api_answered: 0, pid: null, storage_driver: 'overlay', state_db: null, container_count: count,
  });
  const path = join(dir, 'engines.db');
  await writeSnapshotFile(path, {
    ...content,
    containers: (content.containers ?? []).map((c) => ({ ...c, engine_id: engineOf[c.id] ?? null })),
    engines: [engine(docker, 'docker', '/var/lib/docker', 1), engine(podman, 'podman', '/srv/podman-storage', 1)],
  }, { force: false });
  const { code, stdout, stderr } = await runInProcess(['report', path]);
  assert.equal(code, 0, stderr);
  const engines = /<table[^>]*id="engines"[\s\S]*?<\/table>/.exec(stdout)?.[0] ?? '';
  assert.match(engines, /<td>docker:\/var\/lib\/docker<\/td><td>docker<\/td><td>20\.10\.24<\/td>/);
  assert.match(engines, /<td>podman:\/srv\/podman-storage<\/td><td>podman<\/td><td>4\.3\.1<\/td>/);
  const containers = /<table[^>]*id="containers"[\s\S]*?<\/table>/.exec(stdout)?.[0] ?? '';
  assert.match(containers, /<th[^>]*>engine<\/th>/);
  const rowOf = (name: string) => [...containers.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => m[1] ?? '').find((r) => r.includes(`>${name}</a>`)) ?? '';
  assert.match(rowOf('web'), new RegExp(`<td>${ids.web.slice(0, 12)}</td><td>docker:/var/lib/docker</td>`));
  assert.match(rowOf('pod'), new RegExp(`<td>${ids.pod.slice(0, 12)}</td><td>podman:/srv/podman-storage</td>`));
  assert.match(rowOf('old'), new RegExp(`<td>${ids.old.slice(0, 12)}</td><td>docker</td>`), 'no engine recorded (a version-1 file): the one Docker engine');
  const detail = (id: string) => new RegExp(`<details class="entity" id="[^"]*${id}[^"]*">[\\s\\S]*?<\\/details>\\n`).exec(stdout)?.[0] ?? '';
  assert.match(detail(ids.pod), /<tr><td>engine<\/td><td>podman:\/srv\/podman-storage<\/td><\/tr>/);
  assert.match(detail(ids.web), /<tr><td>engine<\/td><td>docker:\/var\/lib\/docker<\/td><\/tr>/);
});
