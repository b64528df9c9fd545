/**
 * Runs one docksnap command in this process and prints its peak resident memory in KiB on the
 * last line of stderr: the memory a capture costs, measured as a whole process, without GNU time.
 * Usage: node --import tsx test/helpers/capture-rss.ts <docksnap arguments…>
 */
import { prepareProcess } from '../../src/cli/prepare-process.js';
import { runCli } from '../../src/cli/run.js';

prepareProcess(process.env);

const code = await runCli(process.argv.slice(2), {
  stdout: { write: (text: string) => process.stdout.write(text) },
  stderr: { write: (text: string) => process.stderr.write(text) },
  env: {},
  cwd: process.cwd(),
});
process.stderr.write(`maxrss-kib ${process.resourceUsage().maxRSS}\n`);
process.exitCode = code;
