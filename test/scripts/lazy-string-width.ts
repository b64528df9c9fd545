import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';

/**
 * string-width (yargs' help layout, through cliui) builds an Intl.Segmenter and Unicode-property
 * regular expressions (\p{RGI_Emoji} with the v flag) when its module loads: about 30 ms of every
 * command's start, though only help text for a non-ASCII string ever needs them. This esbuild
 * plugin makes each such module-level constant a stand-in that builds the real value on first use.
 */
const EAGER_CONSTANT = /^const (\w+) = (new Intl\.Segmenter\(\)|\/.+\/[dgimsuvy]*);$/gm;

const LAZY_VALUE = `function __lazyValue(make) {
  let real;
  return new Proxy({}, { get(_, key) { real ??= make(); const value = real[key]; return typeof value === 'function' ? value.bind(real) : value; } });
}
`;

export const lazyStringWidth: Plugin = {
  name: 'lazy-string-width',
  setup(build) {
    build.onLoad({ filter: /[\\/]string-width[\\/]index\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      return { contents: LAZY_VALUE + source.replace(EAGER_CONSTANT, 'const $1 = __lazyValue(() => $2);'), loader: 'js' };
    });
  },
};
