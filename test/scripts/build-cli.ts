/**
 * Bundles the CLI into dist/docksnap.mjs (the package's bin): one file starts in a fraction of
 * the time Node needs to resolve and load yargs', dockerode's and ajv's hundreds of modules.
 * What a command loads when it runs (capture's engine clients, the bundle commands' tar, gzip
 * and ajv) goes to chunks beside it (dist/docksnap-*.mjs), so that the other commands never parse
 * it. The chunks stay in dist/ itself: src/package-root.ts finds the package one level up.
 * better-sqlite3's JavaScript is bundled too, and its native addon loaded from where `npm ci`
 * compiled it (sqlite-binding.cjs): as an external CommonJS package it cost every command about
 * 20 ms of module loading before any snapshot was opened. dockerode's ssh transport and its gRPC
 * session (buildkit) are replaced by a stub that throws if ever called: docksnap speaks HTTP to
 * unix and tcp endpoints only, and loading those two costs about 100 ms and 25 MiB per run.
 */
import { build, type BuildOptions } from 'esbuild';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildStartupSnapshot } from './build-snapshot.js';
import { lazyStringWidth } from './lazy-string-width.js';

const root = (relative: string) => fileURLToPath(new URL(`../../${relative}`, import.meta.url));
const stub = root('test/scripts/bundle-stub.cjs');
const sqliteBinding = root('test/scripts/sqlite-binding.cjs');

mkdirSync(root('dist'), { recursive: true });
// Chunks of an earlier build would otherwise stay in dist/ (and in the package) for ever.
for (const name of readdirSync(root('dist'), { withFileTypes: true }).filter((e) => e.isFile() && /^docksnap-.*\.mjs(\.LEGAL\.txt)?$/.test(e.name))) rmSync(join(root('dist'), name.name));

const shared: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  alias: { bindings: sqliteBinding, ssh2: stub, '@grpc/grpc-js': stub, '@grpc/proto-loader': stub },
  plugins: [lazyStringWidth],
  logLevel: 'warning',
};

await build({
  ...shared,
  entryPoints: { docksnap: root('src/cli/main.ts') },
  outdir: root('dist'),
  outExtension: { '.js': '.mjs' },
  splitting: true,
  chunkNames: 'docksnap-[name]-[hash]',
  format: 'esm',
  // Bundled CommonJS dependencies call require(); give each ES module (entry and chunks) one.
  banner: { js: "import { createRequire as __docksnapRequire } from 'node:module'; const require = __docksnapRequire(import.meta.url);" },
  legalComments: 'linked',
});

await buildStartupSnapshot(root('dist'), root('src/cli/snapshot-main.ts'), shared);
