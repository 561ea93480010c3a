import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../src/repoRoot.ts';
import { type RunningScript, runCommand } from './support/runScript.ts';

const scenarioScript = fileURLToPath(new URL('support/offlineStartScenario.ts', import.meta.url));

/**
 * How to get a network namespace with only loopback here: `unshare -n` as root, `unshare -rn`
 * (a user namespace too) where unprivileged user namespaces are allowed; or why not.
 */
const loopbackOnly = ((): { flags: string[] } | { reason: string } => {
  const reasons: string[] = [];
  for (const flags of [['-n'], ['-rn']]) {
    const probe = spawnSync('unshare', [...flags, 'sh', '-c', 'ip link set lo up'], {
      encoding: 'utf8',
      timeout: 10_000,
    });
    if (probe.status === 0) return { flags };
    reasons.push(
      `unshare ${flags.join(' ')}: ${(probe.error?.message ?? probe.stderr).trim() || `exit ${String(probe.status)}`}`,
    );
  }
  return { reason: reasons.join('; ') };
})();

if ('reason' in loopbackOnly) {
  console.warn(`offlineStart.test.ts skipped: no network namespace here (${loopbackOnly.reason})`);
}

let scenario: RunningScript | undefined;

afterEach(() => {
  scenario?.kill();
  scenario = undefined;
});

interface ScenarioReport {
  readonly registryReachable?: boolean;
  readonly ready?: boolean;
  readonly packageExit?: number | null;
  readonly npmExit?: { code: number | null; signal: string | null };
  readonly orders?: {
    orderId: string;
    placedDuring: string;
    status?: string;
    labelIsPdf?: boolean;
  }[];
  readonly leftoverProcesses?: string[];
  readonly busyPorts?: number[];
  readonly error?: string;
  readonly outputTail?: string;
}

describe.skipIf('reason' in loopbackOnly)(
  'npm start in a network namespace with only loopback',
  () => {
    it(
      'becomes ready, ships every order through a package run and the loss of the local cloud and of a service, and stops on SIGTERM leaving nothing',
      async () => {
        // Prepare
        const flags = 'flags' in loopbackOnly ? loopbackOnly.flags : [];

        // Act
        scenario = runCommand(
          'unshare',
          [
            ...flags,
            'sh',
            '-c',
            `ip link set lo up && exec "${process.execPath}" "${scenarioScript}"`,
          ],
          { cwd: resolve(repoRoot) },
        );
        const exit = await scenario.waitForExit(30 * 60_000);
        const report = JSON.parse(
          scenario.stdout().trim().split('\n').at(-1) ?? '{}',
        ) as ScenarioReport;

        // Assess
        expect(
          report.error,
          `${report.error ?? ''}\n${report.outputTail ?? ''}\n${scenario.stderr()}`,
        ).toBeUndefined();
        expect(exit.code).toBe(0);
        expect(report.registryReachable).toBe(false);
        expect(report.ready).toBe(true);
        expect(report.packageExit).toBe(0);
        expect(report.orders?.length).toBeGreaterThanOrEqual(7);
        expect(
          report.orders?.filter((order) => order.status !== 'SHIPPED' || order.labelIsPdf !== true),
        ).toEqual([]);
        expect(report.npmExit).toEqual({ code: 0, signal: null });
        expect(report.leftoverProcesses).toEqual([]);
        expect(report.busyPorts).toEqual([]);
      },
      35 * 60_000,
    );
  },
);
