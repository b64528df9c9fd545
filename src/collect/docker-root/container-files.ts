import { asObject, type JsonObject } from '../container-rows.js';
import { fileRow, jsonFileRow, omittedFileRow, type FileInsert } from '../file-row.js';
import { TEXT_FILE_PARSERS } from '../file-parsers.js';
import type { ConfigFormat } from './detect-era.js';
import { parseLxcConfig, type LxcConfig } from './lxc.js';
import { underRecordedRoot } from './reroot.js';
import type { RootReader } from './root-reader.js';

/** A container's Docker files, each kept verbatim (files rows) and the ones the rows are built from, parsed. */
export interface ConfigFiles {
  readonly files: FileInsert[];
  readonly config: JsonObject | undefined;
  readonly hostConfig: JsonObject | undefined;
  readonly lxc: LxcConfig | undefined;
}

export const CONFIG_FILE: Readonly<Record<ConfigFormat, string>> = { v2: 'config.v2.json', v1: 'config.json', lxc: 'config.json' };

/** Reads config.v2.json or config.json, hostconfig.json and config.lxc from containers/<id>/. */
export function readConfigFiles(reader: RootReader, id: string, names: ReadonlySet<string>, format: ConfigFormat | undefined): ConfigFiles {
  const files: FileInsert[] = [];
  const dir = `containers/${id}`;
  const readJson = (role: string): JsonObject | undefined => {
    if (!names.has(role)) return undefined;
    const json = reader.readJson(`container ${id}`, `${dir}/${role}`);
    if (!json) return keepOversized(reader, files, id, role, `${dir}/${role}`);
    const value = asObject(json.value);
    if (json.value !== undefined && !value) reader.problem(`container ${id}`, json.read.path, 'bad-json', 'the file is JSON but not an object');
    files.push(jsonFileRow(id, role, json.read, json.value, json.parsed));
    return value;
  };
  const config = format ? readJson(CONFIG_FILE[format]) : undefined;
  const hostConfig = readJson('hostconfig.json');
  let lxc: LxcConfig | undefined;
  const lxcRead = names.has('config.lxc') ? reader.read(`container ${id}`, `${dir}/config.lxc`, 'text') : undefined;
  if (lxcRead) {
    lxc = parseLxcConfig(lxcRead.bytes.toString('utf8'));
    files.push(fileRow(id, 'config.lxc', lxcRead, () => lxc));
  } else if (names.has('config.lxc')) keepOversized(reader, files, id, 'config.lxc', `${dir}/config.lxc`);
  return { files, config, hostConfig, lxc };
}

/** The files Docker writes beside the config, with the config field recording where each was written. */
/** The container's /etc files Docker writes, with the config field that records each one's path; parsed by the same parsers bundle export uses. */
const ETC_FILES = [
  { role: 'hostname', field: 'HostnamePath' },
  { role: 'hosts', field: 'HostsPath' },
  { role: 'resolv.conf', field: 'ResolvConfPath' },
  { role: 'config.env', field: undefined },
] as const;

/**
 * Reads hostname, hosts, resolv.conf and config.env: at the recorded path re-rooted under the
 * given root, else in the container directory. A recorded path outside the old root (the host's
 * own /etc/resolv.conf, used before 1.x without custom DNS) is not read.
 */
export function readEtcFiles(reader: RootReader, id: string, names: ReadonlySet<string>, config: JsonObject | undefined, oldRoot: string | undefined): FileInsert[] {
  const files: FileInsert[] = [];
  for (const { role, field } of ETC_FILES) {
    const parse = TEXT_FILE_PARSERS[role];
    const recorded = field && config ? underRecordedRoot(config[field], oldRoot) : undefined;
    const path = recorded ?? (names.has(role) ? `containers/${id}/${role}` : undefined);
    if (!path) continue;
    const read = reader.read(`container ${id}`, path, 'text');
    if (read) files.push(fileRow(id, role, read, (bytes) => parse(bytes.toString('utf8'))));
    else keepOversized(reader, files, id, role, path);
  }
  return files;
}

/** A file refused as over its cap still gets its row (size and hash, no content). */
function keepOversized(reader: RootReader, files: FileInsert[], id: string, role: string, path: string): undefined {
  const oversized = reader.oversized(path);
  if (oversized) files.push(omittedFileRow(id, role, oversized));
  return undefined;
}
