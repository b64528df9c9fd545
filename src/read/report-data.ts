import type { SnapshotDb } from '../store/open.js';
import { readContainerDetail, type ContainerDetail } from './container.js';
import { PeerIndex } from './fd-peers.js';
import { readPorts, type PortView } from './ports.js';
import { readProcessViews, type ProcessView } from './process.js';
import { readProcessTree, type TreeNode } from './process-tree.js';
import { readShowReport, type ShowReport } from './show.js';

/** A container as the report shows it: its detail, with each process as `show --process` has it (fds with peers, parents). */
export interface ReportContainer extends Omit<ContainerDetail, 'processes'> {
  readonly processes: ProcessView[];
}

/** Everything `docksnap report` shows of one snapshot, read through the same views as `show`. */
export interface ReportData {
  readonly path: string;
  readonly show: ShowReport;
  readonly containers: ReportContainer[];
  readonly ports: PortView[];
  readonly tree: TreeNode[];
  readonly daemon_processes: ProcessView[];
}

export function readReportData(db: SnapshotDb): ReportData {
  const peers = new PeerIndex(db);
  const show = readShowReport(db);
  const views = readProcessViews(db, peers);
  const all = [...views.values()];
  const ports = readPorts(db);
  const containers = show.containers.map((c) => ({
    ...readContainerDetail(db, c.id, false, ports),
    processes: all.filter((p) => p.role === 'container' && p.container_id === c.id),
  }));
  return {
    path: db.path,
    show,
    containers,
    ports,
    tree: readProcessTree(db),
    daemon_processes: show.daemon_processes.flatMap((p) => views.get(p.pid) ?? []),
  };
}
