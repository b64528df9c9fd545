/**
 * The first `count` words of a command line after its program (its subcommand, and the next), and
 * the flags written before the first word. A flag there takes the next word as its value when
 * `takesValue` says so (never when written `--flag=value`); flags after the first word are passed
 * over alone.
 */
export function leadingWords(argv: readonly string[], count: number, takesValue: (flag: string) => boolean): { flags: string[]; words: string[] } {
  const flags: string[] = [];
  const words: string[] = [];
  for (let i = 1; i < argv.length && words.length < count; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('-')) words.push(arg);
    else if (words.length === 0) {
      flags.push(arg);
      if (!arg.includes('=') && takesValue(arg)) i++;
    }
  }
  return { flags, words };
}
