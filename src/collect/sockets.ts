import { join } from 'node:path';
import { captureError, captureProblem, type CaptureError } from './errors.js';
import { parseInetTable, parseUnixTable, type InetProto, type SocketInsert, type UnixTableAmbiguity } from './proc/net.js';
import type { CapturedProcess } from './processes.js';
import { readProcBytes } from './proc/read-file.js';
import type { Steps } from '../util/steps.js';

const INET_TABLES: readonly InetProto[] = ['tcp', 'tcp6', 'udp', 'udp6'];

/**
 * Reads the socket tables of each network namespace once, through one of its processes, and
 * keeps every inet socket plus the unix sockets a captured process holds (a host's unix table
 * can be thousands of lines of no interest). A namespace where no captured process holds a
 * socket is not read: nothing there can be joined to a captured process, and on hosts with
 * large TCP hash tables each net/tcp read costs milliseconds of kernel time. Processes whose
 * namespace is unknown (a saved tree without ns/) are read one by one. In steps of one namespace (util/steps.ts).
 */
export function* readSocketsSteps(procRoot: string, processes: readonly CapturedProcess[]): Steps<{ sockets: SocketInsert[]; errors: CaptureError[] }> {
  const heldInodes = new Set(processes.flatMap((p) => p.socketInodes));
  const readerOf = new Map<string, number>();
  for (const p of processes) {
    if (p.socketInodes.length === 0) continue;
    const key = p.net_ns ?? `pid:${p.pid}`;
    if (!readerOf.has(key)) readerOf.set(key, p.pid);
  }
  const sockets: SocketInsert[] = [];
  const errors: CaptureError[] = [];
  for (const [netns, pid] of readerOf) {
    const netDir = join(procRoot, String(pid), 'net');
    const read = (name: string, encoding: BufferEncoding = 'utf8'): string | undefined => {
      try {
        return readProcBytes(procRoot, `${pid}/net/${name}`, 'procTable')?.toString(encoding);
      } catch (error) {
        errors.push(captureError('proc', `netns ${netns}`, join(netDir, name), error));
        return undefined;
      }
    };
    for (const proto of INET_TABLES) {
      const text = read(proto);
      if (text !== undefined) sockets.push(...parseInetTable(text, proto, netns));
    }
    const unix = read('unix', 'latin1');
    const onAmbiguous = ({ inode }: UnixTableAmbiguity) =>
      errors.push(captureProblem('proc', `netns ${netns}`, join(netDir, 'unix'), 'ambiguous-unix-row', `a unix socket name holds a line break that spells a row claiming inode ${inode}: kept as part of that name, not recorded as a socket`));
    if (unix !== undefined) sockets.push(...parseUnixTable(unix, netns, onAmbiguous).filter((s) => heldInodes.has(s.inode)));
    yield;
  }
  return { sockets, errors };
}
