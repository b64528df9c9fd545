import { closeSync, ftruncateSync, openSync, statSync, writeSync } from 'node:fs';
import type { Engine } from '../helpers/engine.js';
import { benchName } from './population.js';

/**
 * Grows the json log of one running benchmark container to `gib` GiB by appending real log
 * lines to the engine's file, as a chatty container would. Returns the function that truncates
 * it back to its original size.
 */
export function growLog(engine: Engine, gib: number): () => void {
  const { LogPath: path } = engine.inspect<{ LogPath: string }>(benchName(10));
  const original = statSync(path).size;
  const line = `${JSON.stringify({ log: `${'x'.repeat(200)}\n`, stream: 'stdout', time: '2026-01-01T00:00:00.000000000Z' })}\n`;
  const block = Buffer.from(line.repeat(Math.floor((8 << 20) / line.length)));
  const fd = openSync(path, 'a');
  try {
    for (let written = 0; written < gib * 2 ** 30; written += block.length) writeSync(fd, block);
  } finally {
    closeSync(fd);
  }
  return () => {
    const handle = openSync(path, 'r+');
    try {
      ftruncateSync(handle, original);
    } finally {
      closeSync(handle);
    }
  };
}
