import {
  freePorts,
  type LocalCloud,
  startLocalCloud,
  supervisorPidVariable,
} from '@conveyor/local-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patience } from './support/patience.ts';
import { type OfflineOptions, startOffline } from './support/startOffline.ts';

let cloud: LocalCloud | undefined;

/** Runs `sls offline start` and waits, up to a deadline, for it to give up. */
const runToExit = async (
  options: OfflineOptions,
): Promise<{ code: number | null; output: string }> => {
  const offline = await startOffline(options);
  const deadline = new Promise<'timeout'>((resolve) => {
    setTimeout(() => {
      resolve('timeout');
    }, patience.startup).unref();
  });
  const result = await Promise.race([offline.exited, deadline]);
  await offline.stop();
  if (result === 'timeout') {
    throw new Error(
      `sls offline did not exit within ${String(patience.startup / 1000)} s:\n${offline.output()}`,
    );
  }
  return { code: result, output: offline.output() };
};

/** osls shows user errors as a message alone; a stack trace would show "    at " lines. */
const stackTraceLine = /^\s+at .+\(.+:\d+:\d+\)$/m;

beforeAll(async () => {
  cloud = await startLocalCloud({ inMemory: true, ports: { fauxqs: 0, dynamodb: 0, ses: 0 } });
});

afterAll(async () => {
  await cloud?.stop();
});

describe('startup errors', () => {
  it("refuses a batching window on a FIFO event source with AWS's message", async () => {
    // Prepare
    const options = {
      ports: cloud!.ports,
      buildName: 'fifo-window',
      config: 'serverless.fifo-window.yml',
    };

    // Act
    const { code, output } = await runToExit(options);

    // Assess
    expect(code).toBe(1);
    expect(output).toContain(
      'Function consumer, sqs event on slc-fifo-window-test-orders.fifo: Invalid request provided: Batching window is not supported for FIFO queues',
    );
    expect(output).not.toMatch(stackTraceLine);
  });

  it('names the resource and property of an intrinsic it cannot resolve', async () => {
    // Prepare
    const options = {
      ports: cloud!.ports,
      buildName: 'unresolvable',
      config: 'serverless.unresolvable.yml',
    };

    // Act
    const { code, output } = await runToExit(options);

    // Assess
    expect(code).toBe(1);
    expect(output).toContain(
      'Cannot resolve Fn::ImportValue in Resources.OrdersQueue.Properties.RedrivePolicy.deadLetterTargetArn',
    );
    expect(output).not.toMatch(stackTraceLine);
  });

  it('says in one line how to start the local cloud when it is not running', async () => {
    // Prepare
    const [fauxqs = 0, dynamodb = 0, ses = 0] = await freePorts(3);

    // Act
    const { code, output } = await runToExit({
      ports: { fauxqs, dynamodb, ses },
      buildName: 'not-running',
    });

    // Assess
    expect(code).toBe(1);
    expect(output).toContain(
      `The local cloud is not running on 127.0.0.1:${fauxqs}/${dynamodb}/${ses}. Start it from the repo root with "npm run local-cloud" (or "npm start" for everything); one on other ports needs them in CONVEYOR_LOCAL_PORTS.`,
    );
    expect(output).not.toMatch(stackTraceLine);
  });

  it('refuses a supervisor pid that is not a process id, in one line', async () => {
    // Prepare
    const options = {
      ports: cloud!.ports,
      buildName: 'bad-supervisor',
      env: { [supervisorPidVariable]: 'npm' },
    };

    // Act
    const { code, output } = await runToExit(options);

    // Assess
    expect(code).toBe(1);
    expect(output).toContain('CONVEYOR_SUPERVISOR_PID must be a process id; it is "npm".');
    expect(output).not.toMatch(stackTraceLine);
  });
});
