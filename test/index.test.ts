import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as docksnap from '../src/index.js';

test('the library exports exactly its public API', () => {
  assert.deepEqual(Object.keys(docksnap).sort(), [
    'DEFAULT_IGNORES',
    'DocksnapError',
    'EXIT',
    'InputError',
    'NOISE_RULES',
    'OperationError',
    'SCHEMA_VERSION',
    'TOOL_VERSION',
    'UsageError',
    'capture',
    'defaultSnapshotName',
    'diffSnapshots',
    'diffTimeline',
    'exportBundle',
    'importBundle',
    'listSnapshots',
    'openSnapshot',
    'readShowReport',
    'seriesOf',
    'verifyBundle',
  ]);
});
