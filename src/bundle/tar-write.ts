import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { pack } from 'tar-stream';

/** One member to write: its bytes in memory (small members) or a file streamed from disk. */
export type TarMember = { readonly name: string; readonly size: number } & ({ readonly bytes: Buffer } | { readonly file: string });

/**
 * Writes `members`, in order, as a tar (gzip-compressed when `gzip`) into the existing file
 * `target`, streaming file members. Headers are fixed (mode 0600, uid/gid 0, time `mtime`), so
 * equal content gives an equal tar.
 * @throws the first stream error (read, write, compress)
 */
export async function writeTar(target: string, members: readonly TarMember[], gzip: boolean, mtime: Date): Promise<void> {
  const tar = pack();
  const output = createWriteStream(target, { flags: 'w' });
  const done = gzip ? pipeline(tar, createGzip(), output) : pipeline(tar, output);
  try {
    for (const member of members) {
      const header = { name: member.name, size: member.size, mode: 0o600, mtime, uid: 0, gid: 0, type: 'file' as const };
      if ('bytes' in member) {
        await new Promise<void>((resolve, reject) => tar.entry(header, member.bytes, (error) => (error ? reject(error) : resolve())));
      } else {
        await pipeline(createReadStream(member.file), tar.entry(header) as unknown as NodeJS.WritableStream);
      }
    }
    tar.finalize();
  } catch (error) {
    tar.destroy(error as Error);
    throw error;
  } finally {
    await done.catch(() => undefined);
  }
  await done;
}
