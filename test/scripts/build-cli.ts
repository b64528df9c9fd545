/**
 * Bundles the CLI into dist/docksnap.mjs (the package's bin): one file starts in a fraction of
 * the time Node needs to resolve and load yargs', dockerode's and ajv's hundreds of modules.
 * better-sqlite3 stays external (a native addon). dockerode's ssh transport and its gRPC
 * session (buildkit) are replaced by a stub that throws if ever called: docksnap speaks HTTP to
 * unix and tcp endpoints only, and loading those two costs about 100 ms and 25 MiB per run.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = (relative: string) => fileURLToPath(new URL(`../../${relative}`, import.meta.url));
const stub = root('test/scripts/bundle-stub.cjs');

await build({
  entryPoints: [root('src/cli/main.ts')],
  outfile: root('dist/docksnap.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['better-sqlite3'],
  alias: { ssh2: stub, '@grpc/grpc-js': stub, '@grpc/proto-loader': stub },
  // Bundled CommonJS dependencies call require(); give the ES module one.
  banner: { js: "import { createRequire as __docksnapRequire } from 'node:module'; const require = __docksnapRequire(import.meta.url);" },
  legalComments: 'linked',
  logLevel: 'warning',
});
