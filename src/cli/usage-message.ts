const HINT = '(see docksnap --help)';

/**
 * yargs' validation message as one line: its "Invalid values:" block (one indented line per bad
 * argument) becomes `--format "xml" is not one of "text", "json", "markdown"`, any other line
 * break a space, and the help hint is added once.
 */
export function usageMessage(message: string): string {
  const lines = message.split('\n').map((line) => line.trim()).filter(Boolean);
  const invalid = lines[0] === 'Invalid values:'
    ? lines.slice(1).map((line) => {
        const parts = /^Argument: (\S+), Given: (.*), Choices: (.*)$/.exec(line);
        return parts ? `--${parts[1]} ${parts[2]} is not one of ${parts[3]}` : line;
      })
    : undefined;
  const text = invalid ? invalid.join('; ') : lines.join(' ');
  return text.includes(HINT) ? text : `${text} ${HINT}`;
}
