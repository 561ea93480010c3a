import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { stopBundlerService } from './stopBundlerService.ts';

interface Esbuild {
  build(options: {
    stdin: { contents: string };
    write: false;
  }): Promise<{ outputFiles: unknown[] }>;
}

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
    await stopBundlerService(projectDir);
  });

  it('does nothing for a service that has no serverless-esbuild', async () => {
    // Act
    const found = await stopBundlerService(tmpdir());

    // Assess
    expect(found).toBe(false);
  });
});
