// Stands in for the `bindings` package in the bundled CLI (see build-cli.ts), which bundles
// better-sqlite3's JavaScript: `bindings` finds the addon by parsing a stack trace and trying a
// dozen paths. better-sqlite3 compiles its addon to build/Release/ (npm ci); a package that put it
// elsewhere is still found by `bindings` itself, from better-sqlite3's own directory.
'use strict';
const { existsSync } = require('node:fs');
const { dirname, join } = require('node:path');

module.exports = function betterSqliteAddon(name) {
  const packageDir = dirname(require.resolve('better-sqlite3/package.json'));
  const built = join(packageDir, 'build', 'Release', name);
  if (existsSync(built)) return require(built);
  return require(require.resolve('bindings', { paths: [packageDir] }))({ bindings: name, module_root: packageDir });
};
