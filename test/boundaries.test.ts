import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const SRC = new URL('../src/', import.meta.url).pathname;

/** Each third-party adapter may be imported from one directory of src/ only. */
const ADAPTERS: Readonly<Record<string, string>> = {
  'better-sqlite3': 'store/',
  dockerode: 'collect/docker-api/',
  'tar-stream': 'bundle/',
  'deep-diff': 'diff/',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

test('better-sqlite3, dockerode, tar-stream and deep-diff are imported only by their adapter directories', () => {
  const violations: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const path = relative(SRC, file);
    const text = readFileSync(file, 'utf8');
    for (const [module, home] of Object.entries(ADAPTERS)) {
      const imported = new RegExp(`from '${module}'|import\\('${module}'\\)`).test(text);
      if (imported && !path.startsWith(home)) violations.push(`${path} imports ${module} (only src/${home} may)`);
    }
  }
  assert.deepEqual(violations, []);
});
