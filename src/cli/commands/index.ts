import type { RegisteredCommand } from '../command.js';
import { captureCommand } from './capture.js';
import { catCommand } from './cat.js';
import { compareCommand } from './compare.js';
import { diffCommand } from './diff.js';
import { exportCommand } from './export.js';
import { fleetCommand } from './fleet.js';
import { importCommand } from './import.js';
import { lsCommand } from './ls.js';
import { queryCommand } from './query.js';
import { reportCommand } from './report.js';
import { showCommand } from './show.js';
import { verifyCommand } from './verify.js';

/** The working commands, in the order `docksnap --help` lists them. */
export const COMMANDS: readonly RegisteredCommand[] = [captureCommand, lsCommand, showCommand, catCommand, queryCommand, diffCommand, compareCommand, reportCommand, exportCommand, importCommand, verifyCommand, fleetCommand];
