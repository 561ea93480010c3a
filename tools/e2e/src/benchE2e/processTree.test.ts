import { describe, expect, it } from 'vitest';
import {
  cpuPercentBetween,
  cpuSecondsBetween,
  descendantsOf,
  parseProcStat,
  parsePssKib,
  processRoleOf,
  summarizeMemory,
} from './processTree.ts';

describe('parseProcStat', () => {
  it('reads ppid and CPU ticks after a command name that holds spaces and parentheses', () => {
    // Prepare
    const stat =
      '4242 (node (worker) x) S 4241 4242 4242 0 -1 4194304 1000 0 0 0 150 25 0 0 20 0 11 0 12345 1000000 5000 18446744073709551615';

    // Act
    const parsed = parseProcStat(stat);

    // Assess
    expect(parsed).toEqual({ pid: 4242, ppid: 4241, cpuTicks: 175 });
  });
});

describe('parsePssKib', () => {
  it('takes the Pss line of smaps_rollup, not Pss_Anon and the like', () => {
    // Prepare
    const rollup = [
      '00400000-7ffd1c3f5000 ---p 00000000 00:00 0                          [rollup]',
      'Rss:              123456 kB',
      'Pss:               98765 kB',
      'Pss_Anon:          80000 kB',
      'Pss_File:          18765 kB',
    ].join('\n');

    // Act
    const pss = [parsePssKib(rollup), parsePssKib('Rss: 1 kB')];

    // Assess
    expect(pss).toEqual([98765, undefined]);
  });
});

describe('processRoleOf', () => {
  it("tells npm start's parts apart by command line", () => {
    // Act
    const roles = [
      '/usr/bin/node /usr/lib/node_modules/npm/bin/npm-cli.js start',
      '/work/node_modules/node/bin/node tools/local-cloud/src/startAll.ts',
      '/work/node_modules/node/bin/node /work/tools/local-cloud/src/main.ts --ports 4566,4567,4568',
      'sh -c sls offline start --stage local',
      'node /work/node_modules/serverless/bin/serverless.js offline start --stage local',
      '/work/node_modules/@esbuild/linux-x64/bin/esbuild --service=0.28.0 --ping',
      'node /work/node_modules/nx/src/project-graph/plugins/isolation/plugin-worker.js',
    ].map(processRoleOf);

    // Assess
    expect(roles).toEqual([
      'npm',
      'npm start supervisor',
      'local cloud',
      'shell',
      'serverless offline',
      'esbuild',
      'Nx plugin worker',
    ]);
  });
});

describe('descendantsOf', () => {
  it('walks the whole tree below a process and nothing beside it', () => {
    // Prepare
    const processes = [
      { pid: 1, ppid: 0, cpuTicks: 0 },
      { pid: 10, ppid: 1, cpuTicks: 0 },
      { pid: 11, ppid: 10, cpuTicks: 0 },
      { pid: 12, ppid: 11, cpuTicks: 0 },
      { pid: 20, ppid: 1, cpuTicks: 0 },
    ];

    // Act
    const below = descendantsOf(10, processes);

    // Assess
    expect(below.toSorted()).toEqual([11, 12]);
  });
});

describe('cpuSecondsBetween, cpuPercentBetween and summarizeMemory', () => {
  it("sums a tree's CPU time over a window as percent of one core, and its PSS by role", () => {
    // Prepare
    const before = {
      at: 0,
      processes: [
        { pid: 1, role: 'npm' as const, pssKib: 1024, cpuTicks: 100 },
        { pid: 2, role: 'serverless offline' as const, pssKib: 2048, cpuTicks: 500 },
      ],
    };
    const after = {
      at: 10_000,
      processes: [
        { pid: 1, role: 'npm' as const, pssKib: 1024, cpuTicks: 101 },
        { pid: 2, role: 'serverless offline' as const, pssKib: 2048, cpuTicks: 519 },
        { pid: 3, role: 'serverless offline' as const, pssKib: 1024, cpuTicks: 10 },
      ],
    };

    // Act
    const seconds = cpuSecondsBetween(before, after, 100);
    const percent = cpuPercentBetween(before, after, 100);
    const memory = summarizeMemory(after);

    // Assess
    // 1 + 19 + 10 ticks = 0.3 s of CPU in 10 s.
    expect(seconds).toBeCloseTo(0.3);
    expect(percent).toBeCloseTo(3);
    expect(memory).toEqual({
      processes: 3,
      pssMib: 4,
      byRole: [
        { role: 'serverless offline', processes: 2, pssMib: 3 },
        { role: 'npm', processes: 1, pssMib: 1 },
      ],
    });
  });
});
