import { readFileSync, readdirSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import assert from 'node:assert/strict';

const SCHEMA_DIR = new URL('../../schemas/', import.meta.url);

export function schemaFileNames(): string[] {
  return readdirSync(SCHEMA_DIR).filter((name) => name.endsWith('.schema.json'));
}

export function loadJsonSchema(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(name, SCHEMA_DIR), 'utf8')) as Record<string, unknown>;
}

const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
// ajv-formats is CommonJS: under nodenext the default import is module.exports, whose `default` is the plugin.
addFormats.default(ajv);

// Every schema is registered under its file name, so that one may $ref another (ports.schema.json#/$defs/port).
for (const name of schemaFileNames()) ajv.addSchema(loadJsonSchema(name), name);

/** Asserts that `value` is valid against schemas/<name>, with ajv's messages on failure. */
export function assertMatchesSchema(name: string, value: unknown): void {
  const validate = ajv.getSchema(name);
  assert.ok(validate, `schema ${name} did not compile`);
  const valid = validate(value);
  assert.ok(valid, `${name}: ${ajv.errorsText(validate.errors, { separator: '\n' })}`);
}

/** The compiled validator of schemas/<name>. @throws when the schema does not compile */
export function compiledSchema(name: string): ValidateFunction {
  const validate = ajv.getSchema(name);
  if (!validate) throw new Error(`no schema ${name}`);
  return validate;
}
