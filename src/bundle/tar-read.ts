import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { extract, type Header } from 'tar-stream';
import { InputError, isDocksnapError } from '../errors.js';
import { describeError } from '../util/errno.js';
import { openInputFile } from '../util/input-file.js';
import { detectBundleKind } from './detect.js';

/** How many bytes the (inflated) tar stream may still have; raised once the manifest is read. */
export interface StreamCap {
  bytes: number;
}

/**
 * Streams the members of a tar or tar.gz file to `onEntry`, one at a time, refusing anything that
 * is not a plain regular file with a relative path: absolute paths, `..`, symbolic and hard links,
 * devices, fifos, directories. Bytes past `cap` (counted after gunzip) end the read, so a gzip
 * bomb costs at most the cap. Nothing is written anywhere: `onEntry` decides what to do with a body.
 * @throws InputError when the file is not a tar/gzip, is truncated or corrupt, inflates past the
 *   cap, or holds a refused member; whatever `onEntry` throws.
 */
export async function readTarMembers(path: string, cap: StreamCap, onEntry: (header: Header, body: AsyncIterable<Buffer>) => Promise<void>): Promise<void> {
  const kind = detectBundleKind(path);
  if (!kind) throw new InputError(path, 'is not a docksnap bundle (neither a tar nor a gzip file)');
  let total = 0;
  let upstreamError: unknown;
  const source = createReadStream('', { fd: openInputFile(path) });
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      total += chunk.length;
      if (total > cap.bytes) done(new InputError(path, `inflates beyond ${cap.bytes} bytes, the most its manifest allows; refused`));
      else done(null, chunk);
    },
  });
  const tar = extract();
  const stages = kind === 'gzip' ? [source, createGunzip(), counter] : [source, counter];
  for (const stage of stages) {
    stage.on('error', (error: unknown) => {
      upstreamError ??= error;
      tar.destroy(error as Error);
    });
  }
  let last: NodeJS.ReadableStream = source;
  for (const stage of stages.slice(1)) last = last.pipe(stage as Transform);
  last.pipe(tar as unknown as NodeJS.WritableStream);
  try {
    for await (const entry of tar) {
      checkMemberHeader(path, entry.header);
      await onEntry(entry.header, entry as unknown as AsyncIterable<Buffer>);
    }
  } catch (error) {
    throw toInputError(path, upstreamError ?? error);
  } finally {
    for (const stage of stages) stage.destroy();
  }
  if (upstreamError !== undefined) throw toInputError(path, upstreamError);
}

const TYPE_TEXT: Readonly<Record<string, string>> = {
  symlink: 'is a symbolic link',
  link: 'is a hard link',
  'character-device': 'is a character device',
  'block-device': 'is a block device',
  fifo: 'is a fifo',
  directory: 'is a directory',
};

function checkMemberHeader(path: string, header: Header): void {
  const name = header.name;
  const refuse = (why: string) => new InputError(path, `member ${JSON.stringify(name)} ${why}; refused`);
  if (name.startsWith('/')) throw refuse('has an absolute path');
  if (name.split(/[/\\]/).includes('..')) throw refuse('climbs out of the bundle with ..');
  if (header.type !== 'file') {
    const what = TYPE_TEXT[header.type] ?? `is of type ${String(header.type)}`;
    const target = header.linkname ? ` (to ${JSON.stringify(header.linkname)})` : '';
    throw refuse(`${what}${target}: a bundle holds regular files only`);
  }
}

function toInputError(path: string, error: unknown): unknown {
  if (isDocksnapError(error)) return error;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('Z_')) return new InputError(path, `is a truncated or corrupt gzip stream (${describeError(error)})`, { cause: error });
  const message = describeError(error);
  if (/unexpected end of data/i.test(message)) return new InputError(path, 'is a truncated tar archive (unexpected end of data)', { cause: error });
  if (/header/i.test(message)) return new InputError(path, `is a corrupt tar archive (${message})`, { cause: error });
  return error;
}
