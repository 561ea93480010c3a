import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../src/repoRoot.ts';
import { freePorts } from '../src/freePorts.ts';
import { type RunningScript, runCommand } from './support/runScript.ts';
import { patience } from './support/patience.ts';

let nx: RunningScript | undefined;

afterEach(() => {
  nx?.kill();
  nx = undefined;
});

describe('nx run <service>:offline', () => {
  it('exits non-zero when no local cloud runs, after saying how to start one', async () => {
    // Prepare
    const [fauxqs = 0, dynamodb = 0, ses = 0] = await freePorts(3);
    const ports = `fauxqs=${String(fauxqs)},dynamodb=${String(dynamodb)},ses=${String(ses)}`;

    // Act
    nx = runCommand('npx', ['nx', 'run', 'checkout:offline', '--outputStyle=stream'], {
      cwd: resolve(repoRoot),
      env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false', CONVEYOR_LOCAL_PORTS: ports },
    });
    const exit = await nx.waitForExit(patience.startup);

    // Assess
    expect(nx.stdout() + nx.stderr()).toContain('The local cloud is not running on 127.0.0.1');
    expect(exit.code).not.toBe(0);
  });
});
