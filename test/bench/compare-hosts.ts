/**
 * `docksnap compare` at fleet scale (`npx tsx test/bench/compare-hosts.ts [HOSTS] [CONTAINERS]`,
 * default 1,000 hosts of 50 containers): generated snapshots, one per host, each with its own
 * container ids, pids and host name, and a few hosts made odd on purpose (another memory limit,
 * a missing container). Times the whole CLI process (wall, CPU, peak RSS) against a baseline in
 * the same run: `docksnap ls` over the same directory, which opens every snapshot and reads its
 * header. Targets: under a minute and under 300 MiB at 1,000 hosts; the odd hosts found, and only they.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSnapshotFile } from '../../src/store/write.js';
import { fakeSnapshot, hexId, type FakeContainer } from '../diff/synthetic.js';
import { timeSeries, type Series } from './measure.js';

export interface CompareFigures {
  readonly hosts: number;
  readonly containers: number;
  readonly compare: Series;
  readonly baseline: Series;
  /** The hosts the comparison ranked first, against the ones made odd. */
  readonly found: readonly string[];
  readonly odd: readonly string[];
}

/** The hosts made odd: every 100th has another memory limit on one container; host 7 lacks a container. */
export function oddHosts(hosts: number): Map<number, 'memory' | 'missing'> {
  const odd = new Map<number, 'memory' | 'missing'>();
  for (let h = 50; h < hosts; h += 100) odd.set(h, 'memory');
  if (hosts > 7) odd.set(7, 'missing');
  return odd;
}

const hostName = (h: number) => `host${String(h).padStart(4, '0')}`;

export async function writeFleet(dir: string, hosts: number, containers: number): Promise<void> {
  const odd = oddHosts(hosts);
  for (let h = 0; h < hosts; h++) {
    const list: FakeContainer[] = [];
    for (let c = 0; c < containers; c++) {
      if (odd.get(h) === 'missing' && c === containers - 1) continue;
      list.push({
        id: hexId(`${h}:${c}`),
        name: `app-${c}`,
        pid: 2000 + h + 40 * c,
        env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', APP: `app-${c}`, TIER: c % 2 ? 'front' : 'back', REGION: 'eu-west-1' },
        labels: { 'com.example.team': 'platform', 'com.example.service': `app-${c}`, 'org.opencontainers.image.created': `2026-01-0${1 + (h % 9)}` },
        memory: odd.get(h) === 'memory' && c === 3 ? 536870912 : 268435456,
      });
    }
    await writeSnapshotFile(join(dir, `${hostName(h)}.db`), fakeSnapshot({ host: hostName(h), boot: `boot-${h}`, containers: list }), { force: false });
  }
}

export async function measureCompare(cli: string, hosts: number, containers: number, runs: number, env: NodeJS.ProcessEnv): Promise<CompareFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'docksnap-bench-compare-'));
  try {
    const fleet = join(dir, 'fleet');
    mkdirSync(fleet);
    await writeFleet(fleet, hosts, containers);
    const baseline = timeSeries([cli, 'ls', fleet], runs, env);
    const compare = timeSeries([cli, 'compare', fleet], runs, env, undefined, [0, 1]);
    const run = spawnSync(cli, ['compare', fleet, '--format', 'json'], { env, encoding: 'utf8', maxBuffer: 1 << 28 });
    if (run.status !== 1) throw new Error(`compare exited ${run.status}: ${run.stderr}`);
    const report = JSON.parse(run.stdout) as { hosts: { name: string; differences: number }[] };
    const found = report.hosts.filter((h) => h.differences > 0).map((h) => h.name).sort();
    return { hosts, containers, compare, baseline, found, odd: [...oddHosts(hosts).keys()].map(hostName).sort() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The figures as Markdown lines, with the targets met or missed. */
export function renderCompareFigures(f: CompareFigures): string[] {
  const median = (s: Series) => `${s.wall.median.toFixed(2)} s (CPU ${s.cpu.median.toFixed(2)} s, peak RSS ${s.maxRssMiB.max.toFixed(0)} MiB)`;
  const check = (ok: boolean, text: string) => `- ${ok ? 'met' : 'MISSED'}: ${text}`;
  return [
    `## compare: ${f.hosts} hosts of ${f.containers} containers`,
    '',
    `- docksnap compare: ${median(f.compare)}`,
    `- baseline, docksnap ls over the same snapshots: ${median(f.baseline)}`,
    `- compare / baseline: ${(f.compare.wall.median / f.baseline.wall.median).toFixed(1)}× wall`,
    check(f.compare.wall.median < 60, `under a minute: ${f.compare.wall.median.toFixed(1)} s`),
    check(f.compare.maxRssMiB.max < 300, `under 300 MiB: ${f.compare.maxRssMiB.max.toFixed(0)} MiB (largest run)`),
    check(f.found.join() === f.odd.join(), `the odd hosts found, and only they: ${f.found.join(', ') || 'none'} (made odd: ${f.odd.join(', ')})`),
    '',
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const cli = fileURLToPath(new URL('../../src/cli/docksnap', import.meta.url));
  const [hosts = 1000, containers = 50, runs = 1] = process.argv.slice(2).map(Number);
  const figures = await measureCompare(cli, hosts, containers, runs, { ...process.env, NO_COLOR: '1' });
  process.stdout.write(`${renderCompareFigures(figures).join('\n')}\n`);
}
