/**
 * Podman behind the engine contract: a containers/storage graph root (containers.json,
 * images.json, layers.json, each container's userdata/) with libpod's state database, the
 * runroot's runtime files when live, and its Docker-compatible API when it answers, merged like
 * Docker's. It claims its conmons, runtimes, API service and its containers' processes.
 */
import { existsSync } from 'node:fs';
import { asString } from '../container-rows.js';
import { NO_API, startApiCapture } from '../docker-api/index.js';
import { runStepsYielding, type Steps } from '../../util/steps.js';
import { createRootReader, type RootReader } from '../docker-root/root-reader.js';
import { engineId, engineSelected, type EngineContext, type EngineModule, type EngineSession } from '../engine.js';
import { InputError } from '../../errors.js';
import { mergeDockerViews, type DockerView } from '../merge.js';
import { claimPodmanProcess } from './claim.js';
import { podmanContainerRows } from './container.js';
import { podmanContainerLayers, readPodmanContainerFiles } from './container-files.js';
import { readLibpodState } from './libpod-state.js';
import { locatePodman, looksLikePodmanStorage, type PodmanInstance } from './locate.js';
import { readStorage } from './storage.js';

export const podmanEngine: EngineModule = {
  kind: 'podman',
  async open(context) {
    const sessions: EngineSession[] = [];
    for (const instance of locatePodman(context)) {
      const id = engineId('podman', instance.root);
      if (engineSelected(context.selector, 'podman', id)) sessions.push(await openPodman(context, instance, id));
    }
    return sessions;
  },
};

async function openPodman(context: EngineContext, instance: PodmanInstance, id: string): Promise<EngineSession> {
  if (context.offline && !looksLikePodmanStorage(instance.root)) throw new InputError(instance.root, 'not a Podman storage root (no libpod/ and no <driver>-containers/containers.json)');
  const apiSession = instance.endpoint ? await startApiCapture(instance.endpoint, context.apiTimeoutMs) : undefined;
  const root = createRootReader(instance.root, 'podman-root');
  const run = instance.runRoot && existsSync(instance.runRoot) ? createRootReader(instance.runRoot, 'podman-root') : undefined;
  const view = await runStepsYielding(readPodmanRoot(context, root, run, id));
  const containerIds = new Set<string>(view.view.containers.map((c) => c.id));
  for (const listed of apiSession?.listed ?? []) {
    const listedId = asString(listed['Id']);
    if (listedId) containerIds.add(listedId);
  }
  const serviceClaims = context.processes.filter((p) => claimPodmanProcess(p, { engineId: id, root: instance.root, containerIds })?.role === 'podman-service');

  return {
    id,
    kind: 'podman',
    claim: (p) => claimPodmanProcess(p, { engineId: id, root: instance.root, containerIds }),
    async finish() {
      const api = apiSession ? await apiSession.finish() : NO_API;
      const merged = mergeDockerViews(view.view, api);
      const containers = merged.containers.map((c) => ({ ...c, engine_id: id }));
      context.sink.add('containers', containers);
      for (const [table, rows] of Object.entries(merged) as [keyof DockerView, never[]][]) if (table !== 'containers') context.sink.add(table, rows);
      context.sink.add('api_responses', api.responses.map((r) => ({ ...r, endpoint: `${instance.endpoint ?? ''} ${r.endpoint}` })));
      return {
        engine: {
          id,
          kind: 'podman',
          version: asString(api.version?.['Version']),
          data_root: instance.root,
          run_root: run ? instance.runRoot ?? null : null,
          endpoint: instance.endpoint ?? null,
          api_answered: api.version ? 1 : 0,
          pid: serviceClaims[0]?.pid ?? null,
          storage_driver: view.driver,
          state_db: view.stateDb,
          container_count: containers.length,
        },
        errors: [...root.errors, ...(run?.errors ?? []), ...api.errors],
        facts: {},
      };
    },
  };
}

/**
 * Reads the graph root (and runroot) into the sink, in steps of one container (util/steps.ts),
 * returning the tables the API also describes, for the merge.
 */
function* readPodmanRoot(context: EngineContext, root: RootReader, run: RootReader | undefined, id: string): Steps<{ view: DockerView; driver: string | null; stateDb: string | null }> {
  const storage = readStorage(root);
  const state = readLibpodState(root);
  const view: DockerView = { containers: [], container_env: [], container_labels: [], container_ports: [], container_mounts: [], images: storage.images, image_tags: storage.image_tags, volumes: [] };
  context.sink.add('image_layers', storage.image_layers);
  for (const stored of storage.containers) {
    const libpod = state.containers.get(stored.id);
    const log = { path: asString(libpod?.config?.['logPath']), driver: asString(libpod?.config?.['logDriver']), tailBytes: context.logTailBytes };
    const files = storage.driver ? readPodmanContainerFiles(root, run, storage.driver, stored.id, log) : { files: [], ociSpec: undefined, log: undefined };
    const rows = podmanContainerRows(stored, libpod, files.ociSpec, { engineId: id, driver: storage.driver });
    view.containers.push(rows.container);
    view.container_env.push(...rows.env);
    view.container_labels.push(...rows.labels);
    view.container_ports.push(...rows.ports);
    view.container_mounts.push(...rows.mounts);
    context.sink.add('files', [...files.files, ...(libpod?.files ?? [])]);
    if (files.log) context.sink.add('container_logs', [files.log]);
    context.sink.add('container_layers', podmanContainerLayers(storage, root.root, stored.id, stored.layer));
    yield;
  }
  return { view, driver: storage.driver, stateDb: state.kind };
}
