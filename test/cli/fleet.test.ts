/**
 * `docksnap fleet playbook` and `fleet capture`'s refusals, without hosts (the real run over
 * namespace hosts is test/fleet/, npm run test:fleet). The playbook is read back by Ansible itself
 * (its YAML loader, ansible-playbook --syntax-check): values with quotes, newlines, U+2028 and
 * Jinja come back exactly as given and untemplated.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { runCommand } from '../helpers/command.js';
import { runInProcess } from '../helpers/cli.js';
import { fuzzRuns, fuzzSeed } from '../helpers/fuzz.js';
import { tempDir } from '../helpers/tmp.js';
import { yamlUnsafe } from '../../src/fleet/yaml-quote.js';

/** The Python that runs Ansible: the one its ansible-playbook script names. */
function ansiblePython(): string {
  const script = runCommand('sh', ['-c', 'command -v ansible-playbook']).stdout.trim();
  return /^#!\s*(\S+)/.exec(readFileSync(script, 'utf8').split('\n')[0] ?? '')?.[1] ?? 'python3';
}

/** Each YAML document of `documents` as Ansible's loader reads it, as JSON (!unsafe values become plain strings). */
function loadWithAnsible(documents: readonly string[]): unknown[] {
  const script = [
    'import json, sys',
    'from ansible.parsing.yaml.loader import AnsibleLoader',
    'out = []',
    'for text in json.load(sys.stdin):',
    '    out.append(AnsibleLoader(text).get_single_data())',
    'json.dump(out, sys.stdout, default=str)',
  ].join('\n');
  const result = runCommand(ansiblePython(), ['-c', script], { env: { ...process.env, PYTHONIOENCODING: 'utf-8' }, input: JSON.stringify(documents) });
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout) as unknown[];
}

const HOSTILE = ['{{ lookup("pipe", "id") }}', '{% raw %}x', 'a"b\\c\'d', 'line\nbreak', 'sep\u2028ara\u2029tor\u0085', 'tab\there', 'é 😀 \u0000', '- [ ]: #'];

describe('the playbook, read back by Ansible', () => {
  test('a quoted value comes back exactly, whatever its characters', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 1, maxLength: 40 }), (values) => {
        const documents = [...values, ...HOSTILE].map((value) => `value: ${yamlUnsafe(value, 'value')}\n`);
        assert.deepEqual(loadWithAnsible(documents), [...values, ...HOSTILE].map((value) => ({ value })));
      }),
      { numRuns: fuzzRuns(5), seed: fuzzSeed() },
    );
  });

  test('passes ansible-playbook --syntax-check and carries the options as given', async () => {
    const dir = tempDir('docksnap-fleet-playbook-');
    const outDir = join(dir, 'out {{ 7 * 7 }}\u2028"x"');
    const key = join(dir, 'k{{ lookup("pipe", "id") }}.key');
    writeFileSync(key, '0123456789abcdef0123456789abcdef\n', { mode: 0o600 });
    const pkg = join(dir, 'docksnap-0.1.0.tgz');
    writeFileSync(pkg, 'not really a package');
    const playbook = join(dir, 'fleet.yml');
    const result = await runInProcess(['fleet', 'playbook', '--dir', outDir, '--redact-key-file', key, '--package', pkg, '--no-logs', '-o', playbook]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, `${playbook}\n`);
    const check = runCommand('ansible-playbook', ['--syntax-check', '-i', 'localhost,', playbook], { env: { ...process.env, ANSIBLE_NOCOLOR: '1' } });
    assert.equal(check.code, 0, check.stderr + check.stdout);
    const [plays] = loadWithAnsible([readFileSync(playbook, 'utf8')]) as [{ vars: Record<string, unknown> }[]];
    const vars = plays[0]!.vars;
    assert.deepEqual(
      { version: vars['docksnap_version'], out: vars['docksnap_out_dir'], redact: vars['docksnap_redact'], key: vars['docksnap_key_file'], pkg: vars['docksnap_package'], logs: vars['docksnap_logs'] },
      { version: '0.1.0', out: outDir, redact: true, key, pkg, logs: false },
    );
  });

  test('prints to stdout by default, and --no-redact leaves the key out', async () => {
    const result = await runInProcess(['fleet', 'playbook', '--no-redact', '--dir', '/srv/fleet']);
    assert.equal(result.code, 0, result.stderr);
    const [plays] = loadWithAnsible([result.stdout]) as [{ vars: Record<string, unknown> }[]];
    assert.equal(plays[0]!.vars['docksnap_redact'], false);
    assert.equal(plays[0]!.vars['docksnap_key_file'], '');
  });
});

describe('fleet refusals: one line, exit 2, nothing run', () => {
  const dir = tempDir('docksnap-fleet-usage-');
  const inventory = join(dir, 'hosts');
  writeFileSync(inventory, 'node-a ansible_connection=local\n');
  const busy = join(dir, 'busy');
  mkdirSync(busy);
  writeFileSync(join(busy, 'earlier.tar.gz'), '');
  const env = { XDG_CONFIG_HOME: join(dir, 'config'), PATH: process.env['PATH'] ?? '' };
  const cases: readonly (readonly [string, readonly string[], RegExp])[] = [
    ['no subcommand', ['fleet'], /^docksnap: usage — give a fleet command: playbook or capture/],
    ['no inventory', ['fleet', 'capture', '-o', join(dir, 'out')], /^docksnap: usage — Missing required argument: inventory/],
    ['a non-empty output directory', ['fleet', 'capture', '-i', inventory, '-o', busy], /^docksnap: .*busy — the output directory is not empty/],
    ['--forks 0', ['fleet', 'capture', '-i', inventory, '-o', join(dir, 'out'), '--forks', '0'], /^docksnap: --forks — must be a whole number above 0/],
    ['a missing package', ['fleet', 'playbook', '--package', join(dir, 'none.tgz')], /^docksnap: .*none\.tgz — the package cannot be read: /],
    ['an inventory naming no host', ['fleet', 'capture', '-i', join(dir, 'empty'), '-o', join(dir, 'out')], /names no host/],
    ['a stray argument before --', ['fleet', 'capture', 'stray', '-i', inventory, '-o', join(dir, 'out')], /^docksnap: usage — Unknown argument: stray/],
    ['an existing playbook file', ['fleet', 'playbook', '-o', inventory], /hosts — exists; give --force to replace it/],
  ];
  for (const [what, args, said] of cases) {
    test(what, async () => {
      const result = await runInProcess(args, env);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr.split('\n').filter(Boolean).at(-1) ?? '', said);
      assert.equal(result.stdout, '');
    });
  }
  test('ansible-playbook gets the inventory, --limit, --forks and every argument after -- as given; its refusal is exit 2', async () => {
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    const said = join(dir, 'ansible-args');
    writeFileSync(join(bin, 'ansible-playbook'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${said}'\necho 'ERROR! refused' >&2\nexit 5\n`, { mode: 0o755 });
    const result = await runInProcess(['fleet', 'capture', '-i', inventory, '-o', join(dir, 'out'), '--limit', 'web:!web3', '--forks', '3', '--', '-v', '-e', 'a=b c', '--become'], { ...env, PATH: `${bin}:${env.PATH}` });
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /^docksnap: ansible-playbook — ERROR! refused\n$/m);
    const args = readFileSync(said, 'utf8').split('\n').slice(0, -1);
    assert.deepEqual(args.slice(0, -1), ['--list-hosts', '-i', inventory, '--limit', 'web:!web3', '--forks', '3', '-v', '-e', 'a=b c', '--become']);
    assert.match(args.at(-1) ?? '', /\/fleet\.yml$/);
  });

  test('the busy output directory and the inventory are left as they were', () => {
    assert.equal(readFileSync(inventory, 'utf8'), 'node-a ansible_connection=local\n');
    assert.equal(readFileSync(join(busy, 'earlier.tar.gz'), 'utf8'), '');
  });
});
