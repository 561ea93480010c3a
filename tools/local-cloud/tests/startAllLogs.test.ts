import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { freePorts } from '../src/freePorts.ts';
import { addService, newServicesDir } from './support/fakeServices.ts';
import { commandLine, descendants } from './support/processTree.ts';
import { type RunningScript, runScript } from './support/runScript.ts';
import { waitFor } from './support/waitFor.ts';
import { patience } from './support/patience.ts';

const startAllScript = fileURLToPath(new URL('../src/startAll.ts', import.meta.url));
const loggingService = fileURLToPath(new URL('fixtures/loggingService.ts', import.meta.url));

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

const addLoggingService = async (dir: string, name: string): Promise<void> => {
  const [http = 0, lambda = 0] = await freePorts(2);
  addService(dir, name, {
    targets: { offline: { command: `node '${loggingService}' ${http}` } },
    metadata: { localPorts: { http, lambda } },
  });
};

const linesOf = (path: string): Record<string, unknown>[] =>
  existsSync(path)
    ? readFileSync(path, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>)
    : [];

const orderLines = (path: string): Record<string, unknown>[] =>
  linesOf(path).filter((line) => line['message'] === 'Order placed');

describe('startAll.ts (npm start) keeps every part’s output', () => {
  it('writes each service’s lines to <service>.log in its logs folder, JSON as printed, the rest with its capture time, across a restart', async () => {
    // Prepare
    const servicesDir = newServicesDir();
    dirs.push(servicesDir);
    // With --services-dir and no --logs-dir, beside those services, not in the repo's .local/logs.
    const logsDir = join(servicesDir, '.local', 'logs');
    await addLoggingService(servicesDir, 'orders');
    script = runScript(
      startAllScript,
      ['--in-memory', '--ports', '0,0,0', '--services-dir', servicesDir],
      { detached: true },
    );
    await script.waitForOutput(
      /Logs: .+, 3 files of 5 MiB per part; npm run trace/,
      patience.startup,
    );
    const ordersLog = join(logsDir, 'orders.log');
    await waitFor(() => orderLines(ordersLog).length === 1, 'the first run’s line in orders.log');
    const service = descendants(script.child.pid!).find((pid) =>
      commandLine(pid).includes('loggingService.ts'),
    );

    // Act
    process.kill(service!, 'SIGKILL');
    await waitFor(() => orderLines(ordersLog).length === 2, 'the restarted run’s line appended');

    // Assess
    expect(script.stdout()).toContain(
      `Logs: ${logsDir}, 3 files of 5 MiB per part; npm run trace -- <orderId> --logs-dir ${logsDir} follows one order.`,
    );
    const [first, second] = orderLines(ordersLog);
    expect(first).toMatchObject({ service: 'orders', orderId: 'ord-1', correlationId: 'corr-1' });
    expect(second?.['pid']).not.toBe(first?.['pid']);
    const captured = linesOf(ordersLog).filter((line) => 'capturedAt' in line);
    expect(captured.map((line) => line['output'])).toEqual(
      expect.arrayContaining([
        'POST /orders (λ: placeOrder)',
        '(λ: placeOrder) RequestId: r-1  Duration: 12.50 ms  Billed Duration: 13 ms',
        expect.stringMatching(/^Server ready: http:\/\/127\.0\.0\.1:\d+ /) as unknown,
      ]),
    );
    for (const line of captured) {
      expect(new Date(String(line['capturedAt'])).toISOString()).toBe(line['capturedAt']);
    }
    expect(linesOf(join(logsDir, 'local-cloud.log')).map((line) => line['output'])).toContainEqual(
      expect.stringMatching(
        /^local cloud ready: sqs\/sns\/s3 http:\/\/127\.0\.0\.1:\d+/,
      ) as unknown,
    );
  });
});
