import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import {
  CpuPart,
  cpuPartOf,
  cpuPercentBetween,
  cpuSecondsBetween,
  cpuSecondsByPart,
  descendantsOf,
  parseProcStat,
  parsePssKib,
  processRoleOf,
  sampleTree,
  serviceOfFolder,
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
    expect(parsed).toEqual({ pid: 4242, ppid: 4241, name: 'node (worker) x', cpuTicks: 175 });
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
        {
          pid: 1,
          role: 'npm' as const,
          pssKib: 1024,
          cpuTicks: 100,
          service: undefined,
          threads: [],
        },
        {
          pid: 2,
          role: 'serverless offline' as const,
          pssKib: 2048,
          cpuTicks: 500,
          service: 'checkout',
          threads: [],
        },
      ],
    };
    const after = {
      at: 10_000,
      processes: [
        {
          pid: 1,
          role: 'npm' as const,
          pssKib: 1024,
          cpuTicks: 101,
          service: undefined,
          threads: [],
        },
        {
          pid: 2,
          role: 'serverless offline' as const,
          pssKib: 2048,
          cpuTicks: 519,
          service: 'checkout',
          threads: [],
        },
        {
          pid: 3,
          role: 'serverless offline' as const,
          pssKib: 1024,
          cpuTicks: 10,
          service: 'email',
          threads: [],
        },
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

describe('serviceOfFolder', () => {
  it('names the service a process runs in, and nothing for another folder', () => {
    // Act
    const services = [
      '/home/ada/conveyor/services/checkout',
      '/home/ada/conveyor/services/email/',
      '/home/ada/conveyor',
      '/home/ada/conveyor/services/checkout/src',
    ].map(serviceOfFolder);

    // Assess
    expect(services).toEqual(['checkout', 'email', undefined, undefined]);
  });
});

describe('cpuPartOf', () => {
  it("tells a service's function instances from its serverless offline thread, and V8's helpers from both", () => {
    // Prepare
    const offline = { role: 'serverless offline' as const, service: 'inventory' };
    const cloud = { role: 'local cloud' as const, service: undefined };
    const supervisor = { role: 'npm start supervisor' as const, service: undefined };

    // Act
    const parts = [
      cpuPartOf(offline, 'WorkerThread'),
      cpuPartOf(offline, 'MainThread'),
      cpuPartOf(offline, 'V8Worker'),
      cpuPartOf(offline, 'DelayedTaskSche'),
      cpuPartOf(offline, 'libuv-worker'),
      cpuPartOf(cloud, 'MainThread'),
      cpuPartOf(cloud, 'V8Worker'),
      cpuPartOf(supervisor, 'MainThread'),
      cpuPartOf({ role: 'esbuild' as const, service: undefined }, 'esbuild'),
    ];

    // Assess
    expect(parts).toEqual([
      'inventory: function instances',
      'inventory: serverless offline (HTTP, pollers, logs)',
      CpuPart.v8Helpers,
      CpuPart.v8Helpers,
      CpuPart.other,
      CpuPart.localCloud,
      CpuPart.v8Helpers,
      CpuPart.supervisor,
      CpuPart.other,
    ]);
  });
});

describe('cpuSecondsByPart', () => {
  it('sums each part over a window, counts new threads whole, and lists the time of ended ones apart', () => {
    // Prepare
    const thread = (tid: number, name: string, cpuTicks: number) => ({ tid, name, cpuTicks });
    const before = {
      at: 0,
      processes: [
        {
          pid: 2,
          role: 'serverless offline' as const,
          service: 'checkout',
          pssKib: 0,
          cpuTicks: 200,
          threads: [
            thread(2, 'MainThread', 100),
            thread(3, 'V8Worker', 40),
            thread(4, 'WorkerThread', 60),
          ],
        },
        {
          pid: 5,
          role: 'local cloud' as const,
          service: undefined,
          pssKib: 0,
          cpuTicks: 80,
          threads: [thread(5, 'MainThread', 70), thread(6, 'V8Worker', 10)],
        },
      ],
    };
    const after = {
      at: 10_000,
      processes: [
        {
          pid: 2,
          role: 'serverless offline' as const,
          service: 'checkout',
          // Thread 4 (an instance) ended after 20 more ticks; thread 7 started.
          pssKib: 0,
          cpuTicks: 200 + 30 + 5 + 20 + 50,
          threads: [
            thread(2, 'MainThread', 130),
            thread(3, 'V8Worker', 45),
            thread(7, 'WorkerThread', 50),
          ],
        },
        {
          pid: 5,
          role: 'local cloud' as const,
          service: undefined,
          pssKib: 0,
          cpuTicks: 80 + 40 + 5,
          threads: [thread(5, 'MainThread', 110), thread(6, 'V8Worker', 15)],
        },
      ],
    };

    // Act
    const parts = cpuSecondsByPart(before, after, 100);

    // Assess
    expect(parts).toEqual([
      { part: 'checkout: function instances', seconds: 0.5 },
      { part: CpuPart.localCloud, seconds: 0.4 },
      { part: 'checkout: serverless offline (HTTP, pollers, logs)', seconds: 0.3 },
      { part: CpuPart.ended, seconds: 0.2 },
      { part: CpuPart.v8Helpers, seconds: 0.1 },
    ]);
    // The parts account for every tick the processes used.
    expect(parts.reduce((sum, part) => sum + part.seconds, 0)).toBeCloseTo(
      cpuSecondsBetween(before, after, 100),
    );
  });
});

// The parts rest on the names Node gives its threads: a Node upgrade that renamed them would
// otherwise put every thread under "other".
describe.runIf(process.platform === 'linux')('sampleTree', () => {
  it('reads the threads of a process under the names Node gives them', async () => {
    // Prepare
    const worker = new Worker('setInterval(() => {}, 1000);', { eval: true });
    await once(worker, 'online');

    // Act
    let sample: ReturnType<typeof sampleTree>;
    try {
      sample = sampleTree(process.pid, false);
    } finally {
      await worker.terminate();
    }

    // Assess
    const own = sample.processes.find((measured) => measured.pid === process.pid);
    const names = new Set(own?.threads.map((thread) => thread.name));
    expect(
      [...names]
        .filter((name) => ['MainThread', 'WorkerThread', 'V8Worker'].includes(name))
        .toSorted(),
    ).toEqual(['MainThread', 'V8Worker', 'WorkerThread']);
    expect(own?.threads.every((thread) => thread.cpuTicks >= 0)).toBe(true);
  });
});
