/**
 * `npm run demo`: the 2013 "inside docker" walkthrough, replayed on a private engine. A busybox
 * httpd serves 127.0.0.1 (host network) as python's http.server did; docksnap captures the host,
 * the container is recreated with another memory limit and env value and a second container is
 * started, docksnap captures again, then shows who listens on which port and what changed.
 * Everything it starts is stopped and removed at the end, whatever happens.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { capture } from '../../src/capture.js';
import { runCli } from '../../src/cli/run.js';
import { Engine, startEngine, stopEngine, type EngineInfo } from '../helpers/engine.js';

const say = (text: string) => process.stdout.write(`\n== ${text}\n`);
const io = { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };

async function docksnap(args: string[]): Promise<void> {
  process.stdout.write(`$ docksnap ${args.map((a) => (a.includes(' ') ? `'${a}'` : a)).join(' ')}\n`);
  await runCli(args, io);
}

async function snapshot(engine: Engine, path: string): Promise<void> {
  const summary = await capture({ offline: false, force: false, output: path, dockerHost: engine.info.host, logTailBytes: 65536, apiTimeoutMs: 5000 });
  process.stdout.write(`captured ${summary.containers} containers, ${summary.processes} processes (${summary.runningContainers} running containers), ${summary.fds} fds into ${path}\n`);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'docksnap-demo-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const httpd = ['httpd', '-f', '-p', `127.0.0.1:${port}`, '-h', '/www'];
  let info: EngineInfo | undefined;
  const cleanUp = async () => {
    if (info) await stopEngine(info);
    info = undefined;
    rmSync(dir, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cleanUp().then(() => process.exit(130)));
  try {
    say('starting a private Docker engine (its own root, exec root and socket; nothing is pulled)');
    info = await startEngine();
    const engine = new Engine(info, true);
    process.stdout.write(`engine ${info.host}, pid ${info.pid}\n`);

    say(`docker run -d --network host --name web --memory 64m -e GREETING=hello busybox ${httpd.join(' ')}`);
    engine.run('web', httpd, { network: 'host', flags: ['--memory', '64m', '-e', 'GREETING=hello'] });
    await snapshot(engine, join(dir, 'before.db'));

    say('recreate web with --memory 128m and GREETING=bonjour; start a second container, cache');
    engine.remove('web');
    engine.run('web', httpd, { network: 'host', flags: ['--memory', '128m', '-e', 'GREETING=bonjour'] });
    engine.run('cache', ['sleep', '3600'], { network: 'none' });
    await snapshot(engine, join(dir, 'after.db'));

    say('who listens on which port, in which container');
    await docksnap(['show', join(dir, 'after.db'), '--ports']);
    say('what changed');
    await docksnap(['diff', join(dir, 'before.db'), join(dir, 'after.db')]);
  } finally {
    say('stopping the engine and removing its files');
    await cleanUp();
  }
}

await main();
