/**
 * Item 18 of issue #10: strings from the examined host never reach the terminal raw. A snapshot
 * whose names, argv, env, labels, paths, log tail and comm hold ESC/OSC sequences, a one-byte CSI,
 * a bidi override and newlines is shown by every text view; no output holds a control character
 * other than the renderer's own line breaks, each hostile row stays on its own line, and the JSON
 * output keeps the raw values exactly.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeSnapshotFile, type SnapshotContent } from '../../src/store/write.js';
import { runInProcess } from '../helpers/cli.js';
import { CONTAINER_ID, makeSecrets, PID, secretSnapshot } from '../helpers/secret-snapshot.js';
import { tempDir } from '../helpers/tmp.js';

const CLEAR_AND_TITLE = '\x1b[2J\x1b]0;pwned\x07';
const FAKE_ROW = '\ntcp  0.0.0.0:22  0.0.0.0:0  LISTEN  1  sshd  -';
const hostile = (word: string) => `${word}${CLEAR_AND_TITLE}\x9b31m\u202e${FAKE_ROW}`;

function hostileSnapshot(hostName: string, bootId: string): SnapshotContent {
  const base = secretSnapshot(makeSecrets(), { host_name: hostile(hostName) });
  const [process] = base.processes ?? [];
  const [container] = base.containers ?? [];
  const [log] = base.container_logs ?? [];
  assert.ok(process && container && log);
  return {
    ...base,
    snapshot: { ...base.snapshot, boot_id: bootId },
    processes: [{ ...process, comm: hostile('srv'), argv: JSON.stringify([hostile('/app/server'), '--flag']) }],
    containers: [{ ...container, name: hostile('web'), image_name: hostile('img'), log_path: hostile('/log') }],
    container_env: [{ container_id: CONTAINER_ID, position: 0, name: hostile('NAME'), value: hostile('value') }],
    container_labels: [{ container_id: CONTAINER_ID, key: hostile('label'), value: hostile('v') }],
    container_logs: [{ ...log, tail: Buffer.from(`line one ${CLEAR_AND_TITLE}\nline two \x9b2J\n`) }],
    capture_error: [{ phase: 'proc', subject: hostile('pid'), path: hostile('/proc/1/status'), code: 'EACCES', message: hostile('denied') }],
    process_fds: [{ pid: PID, fd: 3, target: 'socket:[999]', kind: 'socket', inode: 999, pos: 0, flags: '02', mnt_id: 1 }],
  };
}

const dir = tempDir('docksnap-terminal-');
const a = join(dir, 'a.db');
const b = join(dir, 'b.db');
await writeSnapshotFile(a, hostileSnapshot('hostA', '00000000-0000-0000-0000-00000000000a'), { force: false });
const changed = hostileSnapshot('hostB', '00000000-0000-0000-0000-00000000000b');
await writeSnapshotFile(b, { ...changed, containers: (changed.containers ?? []).map((c) => ({ ...c, image_name: hostile('img2') })) }, { force: false });

/** Every control character except the line feed, as the terminal would act on it. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function assertTerminalSafe(label: string, text: string): void {
  const found = RAW_CONTROL.exec(text);
  assert.equal(found, null, `${label}: raw control U+${found?.[0].codePointAt(0)?.toString(16).padStart(4, '0')} in ${JSON.stringify(text.slice(Math.max(0, (found?.index ?? 0) - 30), (found?.index ?? 0) + 30))}`);
  assert.doesNotMatch(text, /^tcp {2}0\.0\.0\.0:22/m, `${label}: a forged row starts a line of its own`);
}

const views: [string, string[]][] = [
  ['show', ['show', a]],
  ['show --ports', ['show', a, '--ports']],
  ['show --container', ['show', a, '--container', CONTAINER_ID.slice(0, 12)]],
  ['query', ['query', a, 'SELECT name, image_name, log_path FROM containers']],
  ['diff text', ['diff', a, b, '--show-runtime', '--show-suppressed']],
  ['diff markdown', ['diff', a, b, '--format', 'markdown']],
  ['ls', ['ls', dir]],
];

for (const [label, args] of views) {
  test(`${label}: host strings reach the terminal escaped, one row per line`, async () => {
    const result = await runInProcess(args);
    assert.ok(result.code === 0 || (label.startsWith('diff') && result.code === 1), `${label} exit ${result.code}: ${result.stderr}`);
    assert.ok(result.stdout.length > 0);
    assertTerminalSafe(label, result.stdout);
    assertTerminalSafe(`${label} stderr`, result.stderr);
  });
}

test('the escapes are visible where the values were: ESC, BEL, CSI, bidi and newline', async () => {
  const { stdout } = await runInProcess(['show', a, '--container', 'c0ffee']);
  assert.ok(stdout.includes('container  web\\x1b[2J\\x1b]0;pwned\\x07\\x9b31m\\u202e\\ntcp  0.0.0.0:22'), stdout);
  assert.match(stdout, /^line one \\x1b\[2J\\x1b\]0;pwned\\x07$/m, 'the log tail keeps its own line breaks');
  assert.match(stdout, /^line two \\x9b2J$/m);
});

test('JSON output keeps the raw host values exactly', async () => {
  const { stdout } = await runInProcess(['show', a, '--container', 'c0ffee', '--json']);
  const detail = JSON.parse(stdout) as { container: { name: string }; config: { env: { name: string; value: string }[] } };
  assert.equal(detail.container.name, hostile('web'));
  assert.equal(detail.config.env[0]?.value, hostile('value'));
});

test('the one-line error printer escapes what it quotes', async () => {
  const result = await runInProcess(['show', a, '--container', `no\x1b]0;x\x07such\nline`]);
  assert.equal(result.code, 2);
  assert.equal(result.stderr.split('\n').length, 2, result.stderr);
  assertTerminalSafe('error', result.stderr);
  assert.ok(result.stderr.includes('no\\x1b]0;x\\x07such\\nline'), result.stderr);
});
