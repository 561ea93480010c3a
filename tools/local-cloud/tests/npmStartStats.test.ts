// npm start's supervisor tells its local cloud what the run did (GET /_local-cloud/stats):
// its pid, when it was ready, and the invocations serverless-offline reported in each service's
// output, which npm run bench:e2e counts.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type LocalRunSnapshot, readLocalRunStats } from '../src/index.ts';
import { addFakeService, newServicesDir } from './support/fakeServices.ts';
import { descendants } from './support/processTree.ts';
import { type RunningScript, runScript } from './support/runScript.ts';
import { waitFor } from './support/waitFor.ts';
import { patience } from './support/patience.ts';

const startAllScript = fileURLToPath(new URL('../src/startAll.ts', import.meta.url));

let script: RunningScript | undefined;
const dirs: string[] = [];

afterEach(() => {
  const pid = script?.child.pid;
  const family = pid === undefined ? [] : descendants(pid);
  script?.kill();
  script = undefined;
  for (const leftover of family) {
    try {
      process.kill(leftover, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('npm start report', () => {
  it("serves the supervisor's pid, readiness and each function's invocations from the services' output", async () => {
    // Prepare
    const dir = newServicesDir();
    dirs.push(dir);
    await addFakeService(dir, 'orders', 'invocations');

    // Act
    script = runScript(startAllScript, ['--in-memory', '--ports', '0,0,0', '--services-dir', dir], {
      detached: true,
    });
    await script.waitForOutput(/Ctrl-C stops everything\./, patience.startup);
    const fauxqsPort = /sqs\/sns\/s3\s+http:\/\/127\.0\.0\.1:(\d+)/.exec(script.stdout())?.[1];
    let stats: LocalRunSnapshot | undefined;
    await waitFor(
      async () => {
        stats = await readLocalRunStats(`http://127.0.0.1:${String(fauxqsPort)}`);
        return stats?.npmStart?.functions.length === 1 && stats.npmStart.readyAfterMs !== undefined;
      },
      "npm start's report in the local cloud's stats",
      30_000,
    );

    // Assess
    expect(stats?.npmStart).toMatchObject({
      pid: script.child.pid,
      unreadLines: 0,
      functions: [
        {
          service: 'orders',
          functionKey: 'placeOrder',
          invocations: 2,
          timeouts: 0,
          durationMs: 19.75,
          billedMs: 21,
        },
      ],
    });
    expect(stats?.npmStart?.readyAfterMs).toBeGreaterThan(0);
  });
});
