import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pack } from 'tar-stream';

const BUSYBOX = '/bin/busybox';

/**
 * A root file system tar for `docker import`: busybox-static and a link per applet in /bin,
 * plus the directories the tests' commands need (/tmp, /www for httpd).
 */
export async function buildBusyboxImageTar(): Promise<Buffer> {
  const applets = execFileSync(BUSYBOX, ['--list'], { encoding: 'utf8' }).split('\n').filter((a) => a && a !== 'busybox');
  const tar = pack();
  const chunks: Buffer[] = [];
  tar.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
  const done = new Promise<void>((resolve, reject) => {
    tar.on('end', resolve);
    tar.on('error', reject);
  });
  for (const dir of ['bin', 'etc', 'proc', 'sys', 'dev', 'www']) tar.entry({ name: `${dir}/`, type: 'directory', mode: 0o755 });
  tar.entry({ name: 'tmp/', type: 'directory', mode: 0o1777 });
  tar.entry({ name: 'www/index.html', mode: 0o644 }, 'docksnap test page\n');
  tar.entry({ name: 'bin/busybox', mode: 0o755 }, readFileSync(BUSYBOX));
  for (const applet of applets) tar.entry({ name: `bin/${applet}`, type: 'symlink', linkname: 'busybox' });
  tar.finalize();
  await done;
  return Buffer.concat(chunks);
}
