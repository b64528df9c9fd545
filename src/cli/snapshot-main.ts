/**
 * The entry of the start-up snapshot, dist/docksnap.blob (see test/scripts/build-snapshot.ts). Node
 * runs it once, when the blob is built: every module of the CLI is then loaded and evaluated in
 * the heap the blob holds, and a command started from the blob (by src/cli/docksnap) goes straight
 * to startCli. Node hands it the arguments given after `--` as process.argv[1…].
 */
import { startupSnapshot } from 'node:v8';
import { startCli } from './start.js';

startupSnapshot.setDeserializeMainFunction(() => void startCli(process.argv.slice(1)));
