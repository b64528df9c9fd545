import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import test from 'node:test';
import { build } from 'esbuild';
import stringWidth from 'string-width';
import { lazyStringWidth } from '../scripts/lazy-string-width.js';

const SAMPLES = ['docksnap capture', '', 'tab\there', 'café', '日本語のテキスト', '👩‍👩‍👧', '1️⃣', '\u0301e', 'a\u200bb', '\u001b[31mred\u001b[0m', 'ｶﾀｶﾅ', '각'];

test('string-width bundled with its constants built on first use measures every string as the package itself does', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dsk-lazy-'));
  try {
    const entry = join(dir, 'entry.mjs');
    writeFileSync(entry, "import stringWidth from 'string-width';\nexport const widths = (samples) => samples.map((s) => stringWidth(s));\n");
    const out = join(dir, 'bundle.mjs');
    await build({ entryPoints: [entry], outfile: out, bundle: true, platform: 'node', format: 'esm', target: 'node20', plugins: [lazyStringWidth], nodePaths: [join(process.cwd(), 'node_modules')], logLevel: 'silent' });
    assert.match(readFileSync(out, 'utf8'), /segmenter\d* = __lazyValue\d*\(\(\) => new Intl\.Segmenter\(\)\)/, 'the plugin no longer finds string-width\'s eager constants');
    const bundled = (await import(pathToFileURL(out).href)) as { widths: (samples: string[]) => number[] };
    assert.deepEqual(bundled.widths(SAMPLES), SAMPLES.map((s) => stringWidth(s)));
    assert.ok(bundled.widths(['👩‍👩‍👧'])[0]! > 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
