import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadRedactionKey } from '../bundle/key.js';
import { UsageError } from '../errors.js';
import { describeError, errnoCode } from '../util/errno.js';
import { cleanUpOnInterrupt } from '../util/interrupt.js';
import { TOOL_VERSION } from '../version.js';
import { listHosts, runPlaybook } from './ansible.js';
import { renderPlaybook, type PlaybookOptions } from './playbook.js';
import { readHostOutcome, type HostOutcome } from './status.js';

export interface FleetPlaybookRequest {
  readonly outDir: string;
  readonly redact: boolean;
  readonly redactKeyFile?: string;
  readonly packageFile?: string;
  readonly logs: boolean;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly onKeyCreated?: (path: string) => void;
}

export interface FleetCaptureRequest extends FleetPlaybookRequest {
  readonly inventory: string;
  readonly limit?: string;
  readonly forks?: number;
  readonly ansibleArgs: readonly string[];
  readonly onAnsibleOutput: (text: string) => void;
}

/**
 * The playbook's options from the command line: absolute paths, the operator's redaction key
 * (created on first use, as export does), a package that is a regular file.
 * @throws UsageError for a missing package or an unusable key
 */
export function playbookOptions(request: FleetPlaybookRequest): PlaybookOptions {
  const packageFile = request.packageFile === undefined ? null : resolve(request.cwd, request.packageFile);
  if (packageFile !== null) {
    let isFile = false;
    try {
      isFile = statSync(packageFile).isFile();
    } catch (error) {
      throw new UsageError(packageFile, `the package cannot be read: ${describeError(error)}`);
    }
    if (!isFile) throw new UsageError(packageFile, 'the package is not a regular file (give the .tgz of npm pack)');
  }
  const keyFile = request.redact
    ? resolve(request.cwd, loadRedactionKey(request.redactKeyFile === undefined ? undefined : resolve(request.cwd, request.redactKeyFile), request.env, request.onKeyCreated).path)
    : null;
  return { version: TOOL_VERSION, outDir: resolve(request.cwd, request.outDir), keyFile, packageFile, logs: request.logs };
}

/** Creates the output directory, or accepts an empty one: bundles of an earlier run would be compared twice. */
function prepareOutDir(outDir: string): void {
  try {
    if (readdirSync(outDir).length > 0) throw new UsageError(outDir, 'the output directory is not empty: give a new one (an earlier run\'s bundles would be compared again)');
    return;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if (errnoCode(error) !== 'ENOENT') throw new UsageError(outDir, `the output directory cannot be used: ${describeError(error)}`);
  }
  try {
    mkdirSync(outDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new UsageError(outDir, `the output directory cannot be created: ${describeError(error)}`);
  }
}

/**
 * `docksnap fleet capture`: writes the playbook to a private temporary directory, lists the hosts
 * the run targets, runs ansible-playbook, and returns each targeted host's outcome.
 * @throws UsageError when the options, the output directory or Ansible's inventory are unusable
 */
export async function fleetCapture(request: FleetCaptureRequest): Promise<{ outcomes: HostOutcome[]; outDir: string; ansibleCode: number }> {
  const options = playbookOptions(request);
  const work = mkdtempSync(join(tmpdir(), 'docksnap-fleet-'));
  const cleanup = () => rmSync(work, { recursive: true, force: true });
  const unregister = cleanUpOnInterrupt(cleanup);
  try {
    const playbook = join(work, 'fleet.yml');
    writeFileSync(playbook, renderPlaybook(options), { mode: 0o600 });
    const run = {
      inventory: request.inventory,
      limit: request.limit,
      forks: request.forks,
      extraArgs: request.ansibleArgs,
      playbook,
      cwd: request.cwd,
      env: request.env,
      onOutput: request.onAnsibleOutput,
    };
    const hosts = await listHosts(run);
    if (hosts.length === 0) throw new UsageError(request.inventory, 'the inventory (with --limit) names no host');
    prepareOutDir(options.outDir);
    const ansibleCode = await runPlaybook(run);
    return { outcomes: hosts.map((host) => readHostOutcome(options.outDir, host)), outDir: options.outDir, ansibleCode };
  } finally {
    cleanup();
    unregister();
  }
}
