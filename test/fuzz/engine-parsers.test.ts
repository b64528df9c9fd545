/** Property tests of the engine-root parsers: config files of every era, bbolt pages, JSON depth. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { BoltFormatError, readBoltBucket } from '../../src/collect/docker-root/bbolt.js';
import { parseLxcConfig } from '../../src/collect/docker-root/lxc.js';
import { parseHostname, parseHosts, parseResolvConf } from '../../src/collect/docker-root/etc-files.js';
import { readDockerRoot } from '../../src/collect/docker-root/index.js';
import { DEEP_JSON_MARKER, jsonTextDepth, limitJsonDepth, parseHostJson } from '../../src/util/json-depth.js';
import { READ_LIMITS } from '../../src/util/read-limits.js';
import { sharedPageBolt } from '../fixtures/hostile/bolt.js';
import { tempDir } from '../helpers/tmp.js';
import { fuzzParameters } from '../helpers/fuzz.js';

const METADATA_DB = new URL('../../snapshots/overlay2-20.10/docker-root/volumes/metadata.db', import.meta.url).pathname;
const ID = 'a'.repeat(64);

/** JSON values with the shapes configs take, and values of every other shape where fields belong. */
const field = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.string(), fc.constant(null));
const config = fc.record(
  {
    ID: fc.oneof(fc.constant(ID), field),
    Name: field,
    Driver: fc.oneof(fc.constantFrom('overlay2', 'aufs', 'devicemapper', 'vfs', ''), field),
    Image: field,
    Config: fc.oneof(fc.record({ Env: field, Labels: field, Cmd: field, ExposedPorts: field, Hostname: field }, { requiredKeys: [] }), field),
    State: fc.oneof(fc.record({ Running: field, Pid: field, StartedAt: field, ExitCode: field }, { requiredKeys: [] }), field),
    NetworkSettings: field,
    MountPoints: field,
    Volumes: field,
    VolumesRW: field,
    HostConfig: field,
    LogPath: field,
    HostnamePath: field,
    HostsPath: field,
    PortSpecs: field,
    PortMapping: field,
    created: field,
  },
  { requiredKeys: [] },
);

test('every config-file era: any JSON in config.v2.json, config.json or hostconfig.json is captured without throwing', () => {
  const base = tempDir();
  let n = 0;
  fc.assert(
    fc.property(fc.constantFrom('config.v2.json', 'config.json'), config, field, fc.boolean(), (name, value, hostConfig, lxc) => {
      const root = join(base, String(n++));
      const dir = join(root, 'containers', ID);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, name), JSON.stringify(value));
      writeFileSync(join(dir, 'hostconfig.json'), JSON.stringify(hostConfig));
      if (lxc) writeFileSync(join(dir, 'config.lxc'), 'lxc.rootfs = /x\nlxc.utsname = y\n');
      try {
        const capture = readDockerRoot(root, { logTailBytes: 1024 });
        assert.equal(capture.containers.length, 1);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    }),
    fuzzParameters(60),
  );
});

test('small engine text files (hosts, resolv.conf, hostname, config.lxc) parse any text', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
      parseHosts(text);
      parseResolvConf(text);
      parseHostname(text);
      parseLxcConfig(text);
    }),
    fuzzParameters(200),
  );
});

test('bbolt: a real file with any bytes changed either reads or is a BoltFormatError, in bounded time', () => {
  const real = readFileSync(METADATA_DB);
  const shared = sharedPageBolt(6, 40);
  fc.assert(
    fc.property(fc.constantFrom(real, shared), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { minLength: 1, maxLength: 12 }), (file, edits) => {
      const copy = Buffer.from(file);
      for (const [at, value] of edits) copy[at % copy.length] = value;
      const started = Date.now();
      try {
        readBoltBucket(copy, 'volumes');
      } catch (error) {
        assert.ok(error instanceof BoltFormatError, String(error));
      }
      assert.ok(Date.now() - started < 2000);
    }),
    fuzzParameters(200),
  );
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 9000 }), (bytes) => {
      try {
        readBoltBucket(Buffer.from(bytes), 'volumes');
      } catch (error) {
        assert.ok(error instanceof BoltFormatError, String(error));
      }
    }),
    fuzzParameters(200),
  );
});

test('JSON depth: any document is kept to the limit, serializes, and keeps everything above it', () => {
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 0, max: 2000 }), (value, extra) => {
      const wrapped = `${'['.repeat(extra)}${JSON.stringify(value)}${']'.repeat(extra)}`;
      const parsed = parseHostJson(wrapped);
      const text = JSON.stringify(parsed.value);
      assert.ok(jsonTextDepth(text) <= READ_LIMITS.jsonDepth);
      assert.equal(parsed.deep, jsonTextDepth(wrapped) > READ_LIMITS.jsonDepth);
      if (!parsed.deep) assert.equal(text, JSON.stringify(JSON.parse(wrapped)));
      else assert.ok(text.includes(DEEP_JSON_MARKER));
      assert.equal(JSON.stringify(limitJsonDepth(value, 1000)), JSON.stringify(value));
    }),
    fuzzParameters(200),
  );
});
