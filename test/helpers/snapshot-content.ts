import type { SnapshotContent } from '../../src/store/write.js';
import { SCHEMA_VERSION } from '../../src/types/snapshot.generated.js';

/** The smallest valid snapshot: one metadata row, nothing captured. */
export function minimalSnapshot(overrides: Partial<SnapshotContent['snapshot']> = {}): SnapshotContent {
  return {
    snapshot: {
      id: 1,
      tool_version: '0.0.0-test',
      schema_version: SCHEMA_VERSION,
      host_name: 'testhost',
      boot_id: '00000000-0000-0000-0000-000000000000',
      kernel_release: '6.1.0-test',
      cgroup_version: 'v2',
      mode: 'live',
      started_at: '2026-01-01T00:00:00.000Z',
      finished_at: '2026-01-01T00:00:01.000Z',
      proc_root: '/proc',
      docker_root: null,
      exec_root: null,
      docker_host: null,
      docker_version: null,
      storage_driver: null,
      docker_root_era: null,
      options: '{}',
      ...overrides,
    },
  };
}
