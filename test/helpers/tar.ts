/** In-memory tar reading and crafting for tests: bundle members, the busybox image (tests may use tar-stream directly). */
import { gunzipSync } from 'node:zlib';
import { extract, pack, type Header } from 'tar-stream';

/** Every member of a tar or tar.gz, by name, in order. */
export async function readTar(bytes: Buffer): Promise<Map<string, Buffer>> {
  const tar = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
  const members = new Map<string, Buffer>();
  const ex = extract();
  const done = (async () => {
    for await (const entry of ex) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      members.set(entry.header.name, Buffer.concat(chunks));
    }
  })();
  ex.end(tar);
  await done;
  return members;
}

export type CraftedMember = Partial<Header> & { name: string; body?: Buffer | string };

/** A tar of `members` exactly as given: names, types and links are not checked. */
export async function buildTar(members: readonly CraftedMember[]): Promise<Buffer> {
  const tar = pack();
  const chunks: Buffer[] = [];
  tar.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
  const ended = new Promise<void>((resolve, reject) => {
    tar.on('end', resolve);
    tar.on('error', reject);
  });
  for (const { body, ...header } of members) {
    await new Promise<void>((resolve, reject) =>
      body === undefined ? tar.entry({ mode: 0o600, ...header }, (e) => (e ? reject(e) : resolve())) : tar.entry({ mode: 0o600, ...header }, body, (e) => (e ? reject(e) : resolve())),
    );
  }
  tar.finalize();
  await ended;
  return Buffer.concat(chunks);
}
