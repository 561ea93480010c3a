import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../src/repoRoot.ts';
import { addFakeService, newServicesDir } from './support/fakeServices.ts';
import { portIsFree } from './support/portIsFree.ts';
import { commandLine, descendants, parentOf } from './support/processTree.ts';
import { isAlive, type RunningScript, runCommand } from './support/runScript.ts';
import { waitFor } from './support/waitFor.ts';
import { patience } from './support/patience.ts';

let npm: RunningScript | undefined;
let family: number[] = [];
const dirs: string[] = [];

afterEach(() => {
  npm?.kill();
  npm = undefined;
  for (const leftover of family) {
    try {
      process.kill(leftover, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  family = [];
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const port = (output: string, label: string): number =>
  Number(new RegExp(`${label}\\s+http://127\\.0\\.0\\.1:(\\d+)`).exec(output)?.[1]);

/** How npm itself ends on each signal: it passes SIGINT and SIGTERM on and waits; it dies of SIGHUP. */
const npmExit = {
  SIGTERM: { code: 0, signal: null },
  SIGINT: { code: 0, signal: null },
  SIGHUP: { code: null, signal: 'SIGHUP' },
  SIGKILL: { code: null, signal: 'SIGKILL' },
} as const;

describe('npm start, stopped through the npm process itself', () => {
  it.each(['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGKILL'] as const)(
    'on %s to npm, stops every process it started and frees every port',
    async (signal) => {
      // Prepare
      const dir = newServicesDir();
      dirs.push(dir);
      const servicePorts = [
        await addFakeService(dir, 'plain', 'ready'),
        // Its grandchild leaves the process group, as a tool calling setsid would.
        await addFakeService(dir, 'escaping', 'escape'),
      ];
      npm = runCommand(
        'npm',
        ['start', '--', '--in-memory', '--ports', '0,0,0', '--services-dir', dir],
        {
          cwd: resolve(repoRoot),
          env: { ...process.env, npm_config_update_notifier: 'false' },
          // Its own process group, so the signal reaches npm alone, as `kill <pid>` does.
          detached: true,
        },
      );
      await npm.waitForOutput(/Ctrl-C stops everything\./, patience.startup);
      const output = npm.stdout();
      const ports = [
        port(output, 'sqs/sns/s3'),
        port(output, 'dynamodb'),
        port(output, 'ses v2'),
        ...servicePorts,
      ];
      family = descendants(npm.child.pid!);
      const startAll = family.find((pid) => commandLine(pid).includes('startAll.ts'));
      const startAllParent = startAll === undefined ? undefined : parentOf(startAll);
      const portsBusyBefore = await Promise.all(
        ports.map(async (each) => !(await portIsFree(each))),
      );

      // Act
      npm.child.kill(signal);
      const exit = await npm.waitForExit(patience.outcome);
      await waitFor(() => !family.some(isAlive), 'every process of npm start gone');
      await waitFor(
        async () => (await Promise.all(ports.map(portIsFree))).every(Boolean),
        'every port free',
      );

      // Assess
      // npm runs the script with exec: no shell between npm and the supervisor.
      expect(startAllParent).toBe(npm.child.pid);
      expect(portsBusyBefore).toEqual(ports.map(() => true));
      expect(exit).toEqual(npmExit[signal]);
      expect(family.filter(isAlive)).toEqual([]);
      expect(family.length).toBeGreaterThanOrEqual(6);
    },
    150_000,
  );
});
