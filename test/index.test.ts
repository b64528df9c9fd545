import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as docksnap from '../src/index.js';

test('the library exports exactly its public API', () => {
  assert.deepEqual(Object.keys(docksnap).sort(), [
    'DocksnapError',
    'EXIT',
    'InputError',
    'OperationError',
    'SCHEMA_VERSION',
    'TOOL_VERSION',
    'UsageError',
    'capture',
    'defaultSnapshotName',
    'exportBundle',
    'importBundle',
    'listSnapshots',
    'openSnapshot',
    'readShowReport',
    'verifyBundle',
  ]);
});
