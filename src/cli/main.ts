#!/usr/bin/env -S -u NODE_EXTRA_CA_CERTS DOCKSNAP_NODE_EXTRA_CA_CERTS=${NODE_EXTRA_CA_CERTS} node
// NODE_EXTRA_CA_CERTS is passed aside: Node would build its TLS root store while starting (see
// extra-ca.ts). No node flag: any V8 flag costs every command its built-in modules' code cache
// (prepare-process.ts sets the young generation's size instead).
import { hideBin } from 'yargs/helpers';
import { startCli } from './start.js';

await startCli(hideBin(process.argv));
