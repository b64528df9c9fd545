import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Engine, OPT_OUT_ENV, uniqueName } from '../helpers/engine.js';
import { tempDir } from '../helpers/tmp.js';
import { captureEngine, diffJson, ownEngine, removeContainers, runSleepers } from '../diff/live.js';

const skip = process.env[OPT_OUT_ENV] === '1' && !process.env['CI'] ? `private Docker engine disabled by ${OPT_OUT_ENV}=1` : false;
const COUNT = 200;

describe(`diff of ${COUNT} containers against the same ${COUNT} plus one`, { skip, timeout: 600_000 }, () => {
  const dir = tempDir('docksnap-diff-200-');
  const prefix = uniqueName('many');
  const names = Array.from({ length: COUNT }, (_, i) => `${prefix}-${String(i).padStart(3, '0')}`);
  let engine: Engine;

  before(async () => {
    engine = await ownEngine();
    await runSleepers(engine, names, 4);
    await captureEngine(engine, join(dir, 'many.db'));
    await runSleepers(engine, [`${prefix}-extra`], 1);
    await captureEngine(engine, join(dir, 'many-plus-one.db'));
  });

  after(async () => {
    if (!engine) return;
    await removeContainers(engine, [...names, `${prefix}-extra`]).catch(() => undefined);
    await engine.stop();
  });

  test('exactly one added container, nothing else', async (t) => {
    const started = performance.now();
    const result = await diffJson([join(dir, 'many.db'), join(dir, 'many-plus-one.db')]);
    t.diagnostic(`diff of two ${COUNT}-container snapshots in-process: ${Math.round(performance.now() - started)} ms`);
    assert.deepEqual(result.entries.map((e) => `${e.group} ${e.kind} ${e.entity_kind} ${e.entity_key} ${e.path}`), [`config added container ${prefix}-extra `]);
    assert.equal(result.code, 1);
  });
});
