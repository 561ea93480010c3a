import { createServer, type Server } from 'node:net';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../src/repoRoot.ts';
import { freePorts } from '../src/freePorts.ts';
import { type RunningScript, runCommand } from './support/runScript.ts';
import { patience } from './support/patience.ts';

let nx: RunningScript | undefined;
let holder: Server | undefined;

afterEach(() => {
  nx?.kill();
  nx = undefined;
  holder?.close();
  holder = undefined;
});

// Free ports for the run's local cloud and for checkout's own (offline's --httpPort and
// --lambdaPort), so that an npm start running beside the tests changes nothing.
const isolatedRun = async (lambdaPort?: number) => {
  const [fauxqs = 0, dynamodb = 0, ses = 0, http = 0, lambda = 0] = await freePorts(5);
  const ports = `fauxqs=${String(fauxqs)},dynamodb=${String(dynamodb)},ses=${String(ses)}`;
  return runCommand(
    'npx',
    [
      'nx',
      'run',
      'checkout:offline',
      '--outputStyle=stream',
      `--httpPort=${String(http)}`,
      `--lambdaPort=${String(lambdaPort ?? lambda)}`,
    ],
    {
      cwd: resolve(repoRoot),
      env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false', CONVEYOR_LOCAL_PORTS: ports },
    },
  );
};

describe('nx run <service>:offline', () => {
  it('exits non-zero when no local cloud runs, after saying how to start one', async () => {
    // Act
    nx = await isolatedRun();
    const exit = await nx.waitForExit(patience.startup);

    // Assess
    expect(nx.stdout() + nx.stderr()).toContain('The local cloud is not running on 127.0.0.1');
    expect(exit.code).not.toBe(0);
  });

  it('exits non-zero in one line naming the port when one of its ports is taken, before it looks for the local cloud', async () => {
    // Prepare: the port held as npm start's checkout would hold it
    const [taken = 0] = await freePorts(1);
    const server = createServer();
    holder = server;
    await new Promise<void>((listening) => server.listen(taken, '127.0.0.1', listening));

    // Act
    nx = await isolatedRun(taken);
    const exit = await nx.waitForExit(patience.startup);

    // Assess
    const output = nx.stdout() + nx.stderr();
    expect(output).toContain(
      `Port ${String(taken)} (conveyor-checkout lambda) is already in use. Stop whatever holds it or give conveyor-checkout other ports (metadata.localPorts in its project.json).`,
    );
    expect(output).not.toContain('EADDRINUSE');
    expect(output).not.toContain('The local cloud is not running');
    expect(exit.code).not.toBe(0);
  });
});
