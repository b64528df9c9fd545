// Stands in for the `bindings` package in the bundled CLI (see build-cli.ts), which bundles
// better-sqlite3's JavaScript: `bindings` finds the addon by parsing a stack trace and trying a
// dozen paths. better-sqlite3 compiles its addon to build/Release/ (npm ci); a package that put it
// elsewhere is still found by `bindings` itself, from better-sqlite3's own directory. In the
// start-up snapshot, `require` loads Node's built-in modules only: packages are required through
// one made for the bundle's own URL, when the addon is first needed (never while the blob is built).
'use strict';
const { existsSync } = require('node:fs');
const { dirname, join } = require('node:path');

module.exports = function betterSqliteAddon(name) {
  const load = typeof globalThis.__docksnapModuleUrl === 'string' ? require('node:module').createRequire(globalThis.__docksnapModuleUrl) : require;
  const packageDir = dirname(load.resolve('better-sqlite3/package.json'));
  const built = join(packageDir, 'build', 'Release', name);
  if (existsSync(built)) return load(built);
  return load(load.resolve('bindings', { paths: [packageDir] }))({ bindings: name, module_root: packageDir });
};
