import { setFlagsFromString } from 'node:v8';
import { takeDeferredExtraCa } from '../collect/docker-api/extra-ca.js';

/**
 * What the CLI's process sets before a command runs (main.ts; test helpers that measure a command
 * as a whole process do the same):
 * - NODE_EXTRA_CA_CERTS back from where the `#!` line put it (see extra-ca.ts);
 * - a small young generation: V8 otherwise grows each semi-space to 16 MiB, a fifth of a
 *   200-container capture's peak RSS and more of a diff's or an export's. Set now, not as a node
 *   flag on the `#!` line: any V8 flag given at start makes Node compile its built-in modules
 *   without their code cache (35–45 ms on every command); set here, only the few modules a
 *   command loads from now on pay for it.
 */
export function prepareProcess(env: NodeJS.ProcessEnv): void {
  takeDeferredExtraCa(env);
  setFlagsFromString('--semi-space-growth-factor=1');
}
