import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { buildTar, type CraftedMember } from './tar.js';

const BUSYBOX = '/bin/busybox';

/**
 * A root file system tar for `docker import`: busybox-static and a link per applet in /bin,
 * plus the directories the tests' commands need (/tmp, /www for httpd).
 */
export async function buildBusyboxImageTar(): Promise<Buffer> {
  const applets = execFileSync(BUSYBOX, ['--list'], { encoding: 'utf8' }).split('\n').filter((a) => a && a !== 'busybox');
  const members: CraftedMember[] = [
    ...['bin', 'etc', 'proc', 'sys', 'dev', 'www'].map((dir) => ({ name: `${dir}/`, type: 'directory' as const, mode: 0o755 })),
    { name: 'tmp/', type: 'directory', mode: 0o1777 },
    { name: 'www/index.html', mode: 0o644, body: 'docksnap test page\n' },
    { name: 'bin/busybox', mode: 0o755, body: readFileSync(BUSYBOX) },
    ...applets.map((applet) => ({ name: `bin/${applet}`, type: 'symlink' as const, linkname: 'busybox' })),
  ];
  return buildTar(members);
}
