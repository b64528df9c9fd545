import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadJsonSchema, schemaFileNames } from './helpers/schema.js';

/** Walks a JSON Schema and yields the path of every property definition without a description. */
function* undescribed(node: unknown, path: string): Generator<string> {
  if (typeof node !== 'object' || node === null) return;
  const schema = node as Record<string, unknown>;
  if (schema['properties'] && typeof schema['properties'] === 'object') {
    for (const [key, child] of Object.entries(schema['properties'] as Record<string, unknown>)) {
      const childPath = `${path}/properties/${key}`;
      if (typeof child === 'object' && child !== null && !('description' in child) && !('$ref' in child)) yield childPath;
      yield* undescribed(child, childPath);
    }
  }
  for (const key of ['items', 'additionalProperties', '$defs', 'oneOf', 'anyOf']) {
    const child = schema[key];
    if (Array.isArray(child)) {
      for (const [i, c] of child.entries()) yield* undescribed(c, `${path}/${key}/${i}`);
    } else if (key === '$defs' && child && typeof child === 'object') {
      for (const [name, def] of Object.entries(child)) yield* undescribed(def, `${path}/$defs/${name}`);
    } else yield* undescribed(child, `${path}/${key}`);
  }
}

test('every JSON Schema in schemas/ describes itself and every property', () => {
  const names = schemaFileNames();
  assert.ok(names.length >= 2);
  for (const name of names) {
    const schema = loadJsonSchema(name);
    assert.equal(typeof schema['description'], 'string', `${name} needs a description`);
    assert.deepEqual([...undescribed(schema, name)], [], `${name} has undescribed properties`);
  }
});

test('every JSON Schema compiles under ajv strict mode', async () => {
  const { compiledSchema } = await import('./helpers/schema.js');
  for (const name of schemaFileNames()) assert.equal(typeof compiledSchema(name), 'function', name);
});
