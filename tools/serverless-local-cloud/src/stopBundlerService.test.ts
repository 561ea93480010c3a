import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { stopBundlerService, stopBundlerAfterFirstBuild } from './stopBundlerService.ts';

type Esbuild = typeof import('esbuild');

const projectDir = fileURLToPath(new URL('..', import.meta.url));
const fromProject = createRequire(new URL('../package.json', import.meta.url));
// The esbuild instance serverless-esbuild builds with, resolved as stopBundlerService does.
const esbuild = fromProject(
  createRequire(fromProject.resolve('serverless-esbuild')).resolve('esbuild'),
) as Esbuild;

// esbuild's Go service processes that this process started (Linux /proc).
const bundlerChildren = (): number[] =>
  readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        return parent === process.pid && command.includes('--service=');
      } catch {
        return false;
      }
    })
    .map(Number);

const waitFor = async (condition: () => boolean): Promise<void> => {
  while (!condition()) await sleep(20);
};

// No esbuild process outlives a test, a failed one included.
afterEach(async () => {
  await stopBundlerService(projectDir);
});

// esbuild's process starts and builds slowly on a busy machine: vitest.config.ts's bound, no budget.
describe('stopBundlerService', () => {
  it('stops the esbuild process left after a build, and a later build starts another', async () => {
    // Prepare: from no process of this esbuild instance (another test may have built with it);
    // the test runner may run an esbuild of its own, which is not ours to stop.
    await stopBundlerService(projectDir);
    const others = new Set(bundlerChildren());
    await esbuild.build({ stdin: { contents: 'export const a = 1;' }, write: false });
    const ours = bundlerChildren().filter((pid) => !others.has(pid));
    expect(ours).toHaveLength(1);

    // Act
    const found = await stopBundlerService(projectDir);

    // Assess
    expect(found).toBe(true);
    await waitFor(() => !bundlerChildren().some((pid) => ours.includes(pid)));
    const rebuilt = await esbuild.build({
      stdin: { contents: 'export const b = 2;' },
      write: false,
    });
    expect(rebuilt.outputFiles).toHaveLength(1);
  });

  it('does nothing for a service that has no serverless-esbuild', async () => {
    // Act
    const found = await stopBundlerService(tmpdir());

    // Assess
    expect(found).toBe(false);
  });
});

// Stands in for serverless-esbuild's plugin: found by its class name, `bundle` an instance property.
class EsbuildServerlessPlugin {
  public bundle: () => Promise<unknown>;

  public constructor(bundle: () => Promise<unknown>) {
    this.bundle = bundle;
  }
}

// A build that stays in flight until `release` is called: its only module loads then.
const heldBuild = (): { done: Promise<unknown>; release: () => void } => {
  let release = (): void => undefined;
  const loaded = new Promise<void>((resolve) => {
    release = resolve;
  });
  const done = esbuild.build({
    entryPoints: ['held'],
    bundle: true,
    write: false,
    plugins: [
      {
        name: 'held',
        setup(build) {
          build.onResolve({ filter: /^held$/ }, () => ({ path: 'held', namespace: 'held' }));
          build.onLoad({ filter: /.*/, namespace: 'held' }, async () => {
            await loaded;
            return { contents: 'export const held = 1;', loader: 'js' };
          });
        },
      },
    ],
  });
  return { done, release };
};

describe('stopBundlerAfterFirstBuild', () => {
  it('stops esbuild once no bundle is running, so a slower one in flight still ends', async () => {
    // Prepare
    await stopBundlerService(projectDir);
    const others = new Set(bundlerChildren());
    const held = heldBuild();
    const builds = [
      async () => held.done,
      async () => esbuild.build({ stdin: { contents: 'export const b = 2;' }, write: false }),
    ];
    let next = 0;
    const plugin = new EsbuildServerlessPlugin(async () => builds[next++]?.());
    const failures: string[] = [];

    // Act
    const found = stopBundlerAfterFirstBuild([{}, plugin], projectDir, (message) =>
      failures.push(message),
    );
    const slow = plugin.bundle();
    const quick = await plugin.bundle();
    const ours = bundlerChildren().filter((pid) => !others.has(pid));
    held.release();
    const slowResult = await slow;

    // Assess: the quick one ended first and left the process to the slow one, which then ended
    // it; the held build only resolves if its process lived.
    expect(found).toBe(true);
    expect(quick).toMatchObject({ outputFiles: [expect.anything()] });
    expect(ours).toHaveLength(1);
    expect(slowResult).toMatchObject({ outputFiles: [expect.anything()] });
    await waitFor(() => !bundlerChildren().some((pid) => ours.includes(pid)));
    expect(failures).toEqual([]);
  });

  it('leaves the process of a later rebuild running', async () => {
    // Prepare
    await stopBundlerService(projectDir);
    const others = new Set(bundlerChildren());
    const build = () => esbuild.build({ stdin: { contents: 'export const c = 3;' }, write: false });
    const plugin = new EsbuildServerlessPlugin(build);
    stopBundlerAfterFirstBuild([plugin], projectDir, () => undefined);
    await plugin.bundle();
    await waitFor(() => bundlerChildren().every((pid) => others.has(pid)));

    // Act
    await plugin.bundle();

    // Assess
    expect(bundlerChildren().filter((pid) => !others.has(pid))).toHaveLength(1);
  });

  it('finds nothing to wrap in a service without serverless-esbuild', () => {
    // Prepare
    const plugins = [{ bundle: () => Promise.resolve(undefined) }];

    // Act
    const found = stopBundlerAfterFirstBuild(plugins, projectDir, () => undefined);

    // Assess
    expect(found).toBe(false);
  });
});
