import { spawn } from 'node:child_process';
import { InputError, UsageError } from '../errors.js';
import { describeError, errnoCode } from '../util/errno.js';

export interface AnsibleRun {
  readonly inventory: string;
  readonly limit?: string;
  readonly forks?: number;
  /** Further ansible-playbook arguments, passed as given (--become, -e, -v, --private-key…). */
  readonly extraArgs: readonly string[];
  readonly playbook: string;
  /** Where ansible-playbook runs (relative inventory paths resolve from here). */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Receives ansible-playbook's output as it comes. */
  readonly onOutput: (text: string) => void;
}

interface Finished {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function argumentsOf(run: AnsibleRun): string[] {
  return [
    '-i', run.inventory,
    ...(run.limit !== undefined ? ['--limit', run.limit] : []),
    ...(run.forks !== undefined ? ['--forks', String(run.forks)] : []),
    ...run.extraArgs,
    run.playbook,
  ];
}

function ansiblePlaybook(args: readonly string[], run: AnsibleRun, stream: boolean): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn('ansible-playbook', args, { cwd: run.cwd, env: { ...run.env, ANSIBLE_NOCOLOR: run.env['ANSIBLE_NOCOLOR'] ?? '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stream ? run.onOutput(text) : (stdout += text)));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stream ? run.onOutput(text) : (stderr += text)));
    child.on('error', (error) => {
      if (errnoCode(error) === 'ENOENT') reject(new InputError('ansible-playbook', 'not found: install Ansible (Debian: apt-get install ansible-core)'));
      else reject(new InputError('ansible-playbook', `cannot be started: ${describeError(error)}`));
    });
    child.on('close', (code, signal) => resolve({ code: code ?? 128 + (signal ? 15 : 0), stdout, stderr }));
  });
}

/**
 * The inventory hosts the run targets (`ansible-playbook --list-hosts` with the same inventory,
 * limit and arguments), so that a host that never writes a status is still reported.
 * @throws UsageError with Ansible's own last line when it refuses the inventory or arguments
 */
export async function listHosts(run: AnsibleRun): Promise<string[]> {
  const listed = await ansiblePlaybook(['--list-hosts', ...argumentsOf(run)], run, false);
  if (listed.code !== 0) {
    const said = `${listed.stderr}\n${listed.stdout}`.split('\n').map((l) => l.trim()).filter(Boolean);
    throw new UsageError('ansible-playbook', said.find((l) => l.startsWith('ERROR!')) ?? said.at(-1) ?? `exited with ${listed.code}`);
  }
  const lines = listed.stdout.split('\n');
  const header = lines.findIndex((l) => /^\s+hosts \(\d+\):\s*$/.test(l));
  if (header < 0) return [];
  const count = Number(/\((\d+)\)/.exec(lines[header] ?? '')?.[1] ?? 0);
  return lines.slice(header + 1, header + 1 + count).map((l) => l.trim());
}

/** Runs the playbook; returns ansible-playbook's exit code (2 some host failed, 4 unreachable). */
export async function runPlaybook(run: AnsibleRun): Promise<number> {
  return (await ansiblePlaybook(argumentsOf(run), run, true)).code;
}
