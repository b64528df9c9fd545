import { readFileSync } from 'node:fs';
import { packageFile } from './package-root.js';

/** The package version, read from package.json. */
export const TOOL_VERSION: string = (JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string }).version;
