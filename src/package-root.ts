/**
 * The package's root directory. Every module that reads a file shipped with docksnap (its
 * package.json, schemas/) resolves it from here: this file sits one level below the root in
 * src/ and dist/ alike, and so does the bundled CLI (dist/docksnap.mjs), into which it is inlined.
 */
export const PACKAGE_ROOT = new URL('../', import.meta.url);

export function packageFile(relative: string): URL {
  return new URL(relative, PACKAGE_ROOT);
}
