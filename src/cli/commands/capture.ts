import { DRIFT_LIMITS } from '../../collect/drift/limits.js';
import { parseDockerHost } from '../../collect/docker-api/endpoint.js';
import type { CaptureEnvironment } from '../../collect/engine.js';
import { EXIT, UsageError } from '../../errors.js';
import { READ_LIMITS } from '../../util/read-limits.js';
import { renderCaptureSummary } from '../../render/capture-summary.js';
import { defineCommand } from '../command.js';
import { withOutputFile, withRoots } from '../options.js';
import { progressPrinter } from '../progress.js';

export const captureCommand = defineCommand({
  command: 'capture',
  describe: 'Capture the host\'s engines (with --offline, a Docker, Podman or containerd root) into one snapshot',
  examples: [
    ['$0 capture', 'write docksnap-<host>-<time>.db in the current directory'],
    ['$0 capture -o before.db', 'write before.db (fails if it exists; --force replaces it)'],
    ['$0 capture --offline --docker-root /mnt/disk/var/lib/docker -o case.db', "read a dead host's disk"],
    ['$0 capture --engine podman', 'capture only the Podman storage roots found'],
    ['$0 capture --offline --podman-root /mnt/disk/var/lib/containers/storage -o case.db', "read a dead host's Podman storage"],
    ['$0 capture --offline --containerd-root /mnt/disk/var/lib/containerd --pod-log-root /mnt/disk/var/log/pods -o node.db', "read a dead Kubernetes node's containerd"],
  ],
  builder: (yargs) =>
    withRoots(withOutputFile(yargs, 'Snapshot file'))
      .option('offline', { type: 'boolean', default: false, describe: 'Read --docker-root, --podman-root or --containerd-root (and --proc-root, --cgroup-root if given) without a daemon or a live /proc' })
      .option('docker-host', { type: 'string', describe: 'Docker API endpoint, unix:///path or tcp://host:port (default: as the docker CLI: $DOCKER_HOST, $DOCKER_CONTEXT, the current context, else every dockerd running); TLS from $DOCKER_TLS_VERIFY and $DOCKER_CERT_PATH' })
      .option('context', { type: 'string', describe: 'docker CLI context naming the Docker endpoint and its TLS files (from $DOCKER_CONFIG, default ~/.docker)' })
      .option('podman-root', { type: 'string', describe: "Podman storage root (graphroot; default: those running conmons name, storage.conf's, /var/lib/containers/storage)" })
      .option('podman-runroot', { type: 'string', describe: "Podman runroot (default: the one its conmons name, else storage.conf's, else /run/containers/storage)" })
      .option('podman-host', { type: 'string', describe: 'Podman API endpoint (default: unix:///run/podman/podman.sock, or $XDG_RUNTIME_DIR/podman/podman.sock for rootless storage, when it exists)' })
      .option('containerd-root', { type: 'string', describe: 'containerd root (default: those running containerd daemons use, and /var/lib/containerd when it holds a meta.db)' })
      .option('containerd-state', { type: 'string', describe: "containerd state directory with its tasks (default: its daemon's --state, else /run/containerd; offline, only when given)" })
      .option('pod-log-root', { type: 'string', describe: "Kubernetes pod log root whose CRI logs are tailed (default /var/log/pods; offline, only when given)" })
      .option('engine', { type: 'string', describe: 'Capture only engines of this kind (docker, podman, containerd) or this engine id (<kind>:<root>)' })
      .option('log-tail-bytes', { type: 'number', default: 65536, describe: "Bytes kept from the end of each container's json log (at most 67108864, 64 MiB)" })
      .option('drift', { type: 'boolean', default: true, describe: "Record what changed in each container's writable layer since its image (--no-drift skips it)" })
      .option('drift-hash-max-bytes', { type: 'number', default: DRIFT_LIMITS.hashMaxBytes, describe: 'Drift: files larger than this are recorded without sha256' })
      .option('api-timeout', { type: 'number', default: 5, describe: 'Seconds to wait for each Docker API request' })
      .option('trace-reads', { type: 'string', describe: 'Also write every file, link, directory and API request read, one per line (for benchmarks)' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'Print only the snapshot path' }),
  run: async (args, io) => {
    if (!Number.isInteger(args.logTailBytes) || args.logTailBytes < 0 || args.logTailBytes > READ_LIMITS.logTail) {
      throw new UsageError('--log-tail-bytes', `must be a whole number of bytes from 0 to ${READ_LIMITS.logTail} (64 MiB)`);
    }
    if (!Number.isInteger(args.driftHashMaxBytes) || args.driftHashMaxBytes < 0) throw new UsageError('--drift-hash-max-bytes', 'must be a whole number of bytes, 0 or more');
    if (!(args.apiTimeout > 0)) throw new UsageError('--api-timeout', 'must be a number of seconds above 0');
    if (args.offline && args.dockerRoot === undefined && args.podmanRoot === undefined && args.containerdRoot === undefined) {
      throw new UsageError('--offline', 'needs --docker-root, --podman-root or --containerd-root, the root to read');
    }
    if (!args.offline && args.podmanHost !== undefined) parseDockerHost(args.podmanHost, false, '--podman-host');
    const progress = !args.quiet && io.stderr.isTTY ? progressPrinter(io.stderr) : undefined;
    // Loaded when run: the engine clients (dockerode, http) cost every other command start-up time.
    const { capture } = await import('../../capture.js');
    const summary = await capture({
      offline: args.offline,
      procRoot: args.procRoot,
      cgroupRoot: args.cgroupRoot,
      dockerRoot: args.dockerRoot,
      execRoot: args.execRoot,
      dockerHost: args.dockerHost,
      dockerContext: args.context,
      podmanRoot: args.podmanRoot,
      podmanRunroot: args.podmanRunroot,
      podmanHost: args.podmanHost,
      containerdRoot: args.containerdRoot,
      containerdState: args.containerdState,
      podLogRoot: args.podLogRoot,
      engine: args.engine,
      environment: captureEnvironment(io.env),
      logTailBytes: args.logTailBytes,
      apiTimeoutMs: Math.round(args.apiTimeout * 1000),
      drift: args.drift ? { ...DRIFT_LIMITS, hashMaxBytes: args.driftHashMaxBytes } : null,
      output: args.output,
      force: args.force,
      traceReads: args.traceReads,
      onProgress: progress?.update,
    });
    progress?.clear();
    if (!args.quiet) io.stderr.write(renderCaptureSummary(summary, { root: process.getuid?.() === 0 }));
    io.stdout.write(`${summary.path}\n`);
    return EXIT.ok;
  },
});

/** The variables a capture reads from the environment: rootless engines' directories, and the docker CLI's. */
function captureEnvironment(env: Readonly<Record<string, string | undefined>>): CaptureEnvironment {
  const names = ['XDG_RUNTIME_DIR', 'HOME', 'XDG_DATA_HOME', 'DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_CONFIG', 'DOCKER_TLS', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH'] as const;
  return Object.fromEntries(names.map((name) => [name, env[name]]));
}
