import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { REDACTION_PLAN } from '../../src/bundle/redact-plan.js';
import { ARGV_RULES, ENV_ALLOWLIST, NOT_SECRET_LAST_WORDS, RULES_VERSION, SECRET_KEY_PAIRS, SECRET_KEY_SUFFIXES, SECRET_KEY_WORDS, TEXT_RULES } from '../../src/bundle/rules.js';
import { loadSchema } from '../../src/store/ddl.js';
import { parseTableSpec } from '../../src/store/schema-spec.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const redactionSection = readme.slice(readme.indexOf('### Redaction'), readme.indexOf('### Hostile bundles'));

test('README lists every redaction rule, allowlisted name and key word, and the rules version', () => {
  assert.ok(redactionSection.length > 0);
  assert.ok(redactionSection.includes(`The rules (version ${RULES_VERSION}`));
  for (const rule of [...TEXT_RULES, ...ARGV_RULES]) assert.ok(redactionSection.includes(`\`${rule.id}\``), rule.id);
  for (const word of [...ENV_ALLOWLIST, ...SECRET_KEY_WORDS, ...SECRET_KEY_PAIRS, ...SECRET_KEY_SUFFIXES, ...NOT_SECRET_LAST_WORDS]) {
    assert.ok(redactionSection.includes(`\`${word}\``), word);
  }
});

test('the redaction plan classifies exactly the columns of schemas/snapshot.sql, secrets included', () => {
  const tables = loadSchema().statements.filter((s) => s.startsWith('CREATE TABLE')).map(parseTableSpec);
  assert.deepEqual(
    Object.fromEntries(Object.entries(REDACTION_PLAN).map(([table, columns]) => [table, Object.keys(columns).sort()])),
    Object.fromEntries(tables.map((t) => [t.name, t.columns.map((c) => c.name).sort()])),
  );
  assert.equal(REDACTION_PLAN.container_env.value, 'env-value');
  assert.equal(REDACTION_PLAN.process_environ.value, 'env-value');
  assert.equal(REDACTION_PLAN.processes.cmdline, 'cmdline');
  assert.equal(REDACTION_PLAN.processes.argv, 'argv');
  assert.equal(REDACTION_PLAN.files.content, 'file-content');
  assert.equal(REDACTION_PLAN.api_responses.body, 'json');
  assert.equal(REDACTION_PLAN.container_logs.tail, 'log-tail');
});
