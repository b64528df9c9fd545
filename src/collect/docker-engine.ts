/**
 * Docker behind the engine contract: the dockerd serving the endpoint (or, offline, the given
 * root; live with nothing named, every dockerd running, each at its own endpoint), read from its
 * data root, exec root and API, merged; it claims its dockerd, containerd, shims, proxies and its
 * containers' processes.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../errors.js';
import { asString, type JsonObject } from './container-rows.js';
import { networksFromApi } from './api-rows.js';
import { DEFAULTS, findDockerds, hostsOf } from './daemon/find-daemons.js';
import { resolveLiveDaemon, resolveOfflineDaemon } from './daemon/resolve.js';
import { NO_API, startApiCapture } from './docker-api/index.js';
import { readDockerRootSteps } from './docker-root/index.js';
import { MOBY_NAMESPACE } from './docker-root/containerd-store.js';
import { idMapRows, readUserNamespace } from './daemon/user-namespace.js';
import { captureDockerDriftSteps } from './drift/index.js';
import { runStepsYielding } from '../util/steps.js';
import { assertDockerRoot } from './docker-root/detect-era.js';
import { looksLikePodmanStorage } from './podman/locate.js';
import type { DockerRootCapture } from './docker-root/types.js';
import { engineId, engineSelected, type EngineContext, type EngineModule, type EngineSession } from './engine.js';
import { captureError, type CaptureError } from './errors.js';
import { readExecRoot } from './exec-root/index.js';
import { mergeDockerViews, type DockerView } from './merge.js';
import { classifyProcesses } from './roles.js';
import type { DaemonRow } from '../types/snapshot.generated.js';
import type { DockerTlsFiles } from './docker-api/endpoint.js';

export const dockerEngine: EngineModule = {
  kind: 'docker',
  async open(context) {
    const { roots } = context;
    const named = roots.dockerRoot !== undefined || roots.dockerHost !== undefined || roots.execRoot !== undefined;
    // A --docker-root that is Podman storage is the Podman engine's to read (detected from the directory).
    if (context.offline && roots.dockerRoot !== undefined && roots.podmanRoot === undefined && !isDockerRoot(roots.dockerRoot) && looksLikePodmanStorage(roots.dockerRoot)) return [];
    if (context.offline) return named && roots.dockerRoot !== undefined ? openDocker(context, roots, new RecordedOnce()) : requiredOffline(context, named);
    if (context.explicit && !named) return [];
    if (context.explicit) return openDocker(context, { ...roots, dockerHost: roots.dockerHost ?? DEFAULTS.dockerHost, dockerTls: roots.dockerHost ? roots.dockerTls : null }, new RecordedOnce());
    if (!dockerVisible(context)) return [];
    return openEveryDockerd(context);
  },
};

/** Where one dockerd is asked and read: its endpoint, and the roots the user named. */
interface DockerTarget {
  readonly dockerHost?: string | undefined;
  readonly dockerTls?: DockerTlsFiles | null | undefined;
  readonly dockerRoot?: string | undefined;
  readonly execRoot?: string | undefined;
}

/** Rows every session of one capture shares (the dockerd list, daemon.json): written once. */
class RecordedOnce {
  readonly captured = new Set<number>();
  daemons: DaemonRow[] = [];
  readonly configPaths = new Set<string>();
  /** Whether a dockerd's API requests are stored already: another's are prefixed with its endpoint, as Podman's are. */
  apiRecorded = false;
}

/**
 * Live with nothing named: one engine per dockerd running (endpoint from its first unix -H, else
 * Docker's default socket), or the default socket alone when none runs. A dockerd whose --data-root
 * an --engine id does not select is not asked at all.
 */
async function openEveryDockerd(context: EngineContext): Promise<EngineSession[]> {
  const endpoints = [...new Set(findDockerds(context.processes, context.procRoot).flatMap((d) => {
    const dataRoot = d.flags.dataRoot ?? d.defaults.dataRoot;
    if (!engineSelected(context.selector, 'docker', engineId('docker', resolve(dataRoot)))) return [];
    return [hostsOf(d).find((h) => h.startsWith('unix://')) ?? DEFAULTS.dockerHost];
  }))];
  const shared = new RecordedOnce();
  const sessions: EngineSession[] = [];
  const seen = new Set<string>();
  for (const dockerHost of endpoints.length ? endpoints : [DEFAULTS.dockerHost]) {
    for (const session of await openDocker(context, { dockerHost }, shared)) {
      if (!seen.has(session.id)) sessions.push(session);
      seen.add(session.id);
    }
  }
  return sessions;
}

/** Live with nothing named: Docker is there when a dockerd runs or its default socket or root exists. */
function dockerVisible(context: EngineContext): boolean {
  return findDockerds(context.processes).length > 0 || existsSync(DEFAULTS.dockerHost.replace('unix://', '')) || existsSync(DEFAULTS.dataRoot);
}

function isDockerRoot(dir: string): boolean {
  try {
    assertDockerRoot(resolve(dir));
    return true;
  } catch {
    return false;
  }
}

function requiredOffline(context: EngineContext, named: boolean): EngineSession[] {
  if (named || (context.roots.podmanRoot === undefined && context.roots.containerdRoot === undefined)) throw new InputError('--docker-root', 'an offline capture needs the Docker root to read');
  return [];
}

async function openDocker(context: EngineContext, roots: DockerTarget, shared: RecordedOnce): Promise<EngineSession[]> {
  const { sink } = context;
  const errors: CaptureError[] = [];
  const dockerHost = context.offline ? undefined : roots.dockerHost;
  // The inspects are on their way before the root is read, and the reading below gives the event
  // loop a turn every few milliseconds (util/steps.ts): the daemon's answers are taken in as they come.
  const apiSession = dockerHost ? await startApiCapture({ host: dockerHost, tls: roots.dockerTls ?? null }, context.apiTimeoutMs) : undefined;
  const daemon = context.offline
    ? { ...resolveOfflineDaemon(context.processes, context.procRoot), dockerRoot: roots.dockerRoot!, execRoot: roots.execRoot, containerdAddresses: new Set<string>(), daemonJson: undefined, errors: [] }
    : resolveLiveDaemon({
        procRoot: context.procRoot ?? '/proc',
        processes: context.processes,
        dockerHost: dockerHost ?? '',
        dockerRoot: roots.dockerRoot,
        execRoot: roots.execRoot,
        info: apiSession?.info,
      });
  const dockerRoot = resolve(daemon.dockerRoot);
  const id = engineId('docker', dockerRoot);
  if (!engineSelected(context.selector, 'docker', id)) return [];
  errors.push(...daemon.errors);
  if (daemon.served) shared.captured.add(daemon.served.process.pid);
  shared.daemons = daemon.daemons;
  if (daemon.daemonJson && !shared.configPaths.has(daemon.daemonJson.path)) sink.add('files', [daemon.daemonJson]);
  if (daemon.daemonJson) shared.configPaths.add(daemon.daemonJson.path);

  // Docker's containerd image store lives in the containerd it uses: the one named, else the system one when the dockerd talks to it.
  const systemContainerd = !context.offline && daemon.containerdAddresses.has('/run/containerd/containerd.sock') ? '/var/lib/containerd' : undefined;
  const root = await readRootOrReport(dockerRoot, context, errors, context.roots.containerdRoot ?? systemContainerd);
  const known = knownContainers(root?.view, apiSession?.listed ?? []);
  const execRoot = daemon.execRoot === undefined ? undefined : resolve(daemon.execRoot);
  const running = [...known].filter(([, isRunning]) => isRunning).map(([containerId]) => containerId);
  if (execRoot) {
    const exec = readExecRoot(execRoot, running, { systemContainerd: daemon.served?.flags.containerd != null });
    sink.add('files', exec.files);
    errors.push(...exec.errors);
  }
  const userNamespace = daemon.served && context.procRoot ? readUserNamespace(context.procRoot, daemon.served.process, context.processes) : undefined;
  if (userNamespace) sink.add('engine_id_maps', idMapRows(id, daemon.served!.process.pid, userNamespace));
  const containerIds: ReadonlySet<string> = new Set(known.keys());
  const roles = classifyProcesses(context.processes, {
    engineId: id,
    containerIds,
    dockerdPid: daemon.served?.process.pid,
    containerdAddresses: daemon.containerdAddresses,
    rootlesskitPids: new Set(userNamespace?.rootlesskitPids),
  });

  return [{
    id,
    kind: 'docker',
    claim: (p) => roles.get(p.pid),
    containerdNamespace: { name: MOBY_NAMESPACE, containerIds, imagesRoot: root?.containerdStoreRoot ?? null },
    async finish() {
      if (shared.daemons.length) sink.add('daemons', shared.daemons.map((d) => ({ ...d, captured: shared.captured.has(d.pid) ? 1 : 0 })));
      shared.daemons = [];
      const api = apiSession ? await apiSession.finish() : NO_API;
      errors.push(...api.errors);
      const docker = mergeDockerViews(root?.view, api);
      const containers = docker.containers.map((c) => ({ ...c, engine_id: id }));
      sink.add('containers', containers);
      for (const [table, rows] of Object.entries(docker) as [keyof typeof docker, never[]][]) if (table !== 'containers') sink.add(table, rows);
      sink.add('networks', networksFromApi(api));
      const prefix = shared.apiRecorded && dockerHost ? `${dockerHost} ` : '';
      shared.apiRecorded ||= api.responses.length > 0;
      sink.add('api_responses', api.responses.map((r) => ({ ...r, endpoint: `${prefix}${r.endpoint}` })));
      const storageDriver = asString(api.info?.['Driver']) ?? root?.storageDriver ?? null;
      const version = asString(api.version?.['Version']);
      return {
        engine: {
          id,
          kind: 'docker',
          version,
          data_root: dockerRoot,
          run_root: execRoot ?? null,
          endpoint: dockerHost ?? null,
          api_answered: api.version ? 1 : 0,
          pid: daemon.served?.process.pid ?? null,
          storage_driver: storageDriver,
          state_db: null,
          container_count: containers.length,
        },
        errors,
        facts: {
          docker_root: dockerRoot,
          exec_root: execRoot ?? null,
          docker_host: dockerHost ?? null,
          docker_version: version,
          storage_driver: storageDriver,
          docker_root_era: root?.era ?? null,
        },
      };
    },
  }];
}

/** Container ids known before the inspects answer (root and listing), each with whether it runs. */
function knownContainers(root: DockerView | undefined, listed: readonly JsonObject[]): Map<string, boolean> {
  const known = new Map<string, boolean>();
  for (const c of root?.containers ?? []) known.set(c.id, c.running === 1);
  for (const c of listed) {
    const id = asString(c['Id']);
    if (id) known.set(id, c['State'] === 'running' || known.get(id) === true);
  }
  return known;
}

/**
 * Reads the Docker root and hands the sink what only the root knows (files, logs, layers); the
 * containers, images and volumes, which the API also describes, are returned for the merge.
 * Offline, a directory that is not a Docker root is the user's mistake (exit 2); live, it is one
 * more thing the capture could not read.
 */
async function readRootOrReport(
  dockerRoot: string,
  context: EngineContext,
  errors: CaptureError[],
  containerdRoot: string | undefined,
): Promise<{ view: DockerView; era: DockerRootCapture['era']; storageDriver: string | null; containerdStoreRoot: string | null } | undefined> {
  try {
    const { files, container_logs, container_layers, image_layers, errors: rootErrors, era, storage_driver, containerd_store_root, ...view } = await runStepsYielding(
      readDockerRootSteps(dockerRoot, { logTailBytes: context.logTailBytes, sink: context.sink, containerdRoot: containerdRoot && resolve(containerdRoot) }),
    );
    errors.push(...rootErrors);
    context.sink.add('files', files);
    context.sink.add('container_logs', container_logs);
    context.sink.add('container_layers', container_layers);
    context.sink.add('image_layers', image_layers);
    if (context.drift !== null) errors.push(...(await runStepsYielding(captureDockerDriftSteps(container_layers, storage_driver, context.drift, context.sink))));
    return { view, era, storageDriver: storage_driver, containerdStoreRoot: containerd_store_root };
  } catch (error) {
    if (context.offline || !(error instanceof InputError)) throw error;
    errors.push(captureError('docker-root', 'docker root', dockerRoot, error));
    return undefined;
  }
}
