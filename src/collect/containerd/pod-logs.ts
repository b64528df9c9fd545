/**
 * The CRI log of a Kubernetes container: <log root>/<pod namespace>_<pod name>_<pod uid>/
 * <container name>/<restart count>.log, the newest (highest count) one, tailed like a json log.
 */
import type { TableInserts } from '../../types/snapshot.generated.js';
import { readLogTail } from '../docker-root/log-tail.js';
import type { RootReader } from '../docker-root/root-reader.js';
import type { CriFacts } from './container.js';

/** A path component the kubelet writes: no separators, no dot-dot. */
const COMPONENT = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export function readPodLog(logs: RootReader, containerId: string, cri: CriFacts, tailBytes: number): TableInserts['container_logs'] | undefined {
  const { podNamespace, podName, podUid, containerName } = cri;
  if (!podNamespace || !podName || !podUid || !containerName || cri.kind === 'sandbox') return undefined;
  const pod = `${podNamespace}_${podName}_${podUid}`;
  if (!COMPONENT.test(pod) || !COMPONENT.test(containerName)) return undefined;
  const dir = `${pod}/${containerName}`;
  const newest = logs
    .list(`container ${containerId}`, dir)
    .map((entry) => /^(\d{1,9})\.log$/.exec(entry.name))
    .filter((match): match is RegExpExecArray => match !== null)
    .sort((a, b) => Number(b[1]) - Number(a[1]))[0];
  return newest ? readLogTail(logs, containerId, `${dir}/${newest[0]}`, tailBytes) : undefined;
}
