import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeLogGroupsCommand,
  GetQueryResultsCommand,
  StartQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogsClient } from './insightsLogSource.ts';
import { runTraceCli, type TraceCliIo } from './runTraceCli.ts';
import { shippedOrder, shippedOrderLog } from './testing/shippedOrderLog.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const logsDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'trace-cli-'));
  dirs.push(dir);
  for (const [service, lines] of Object.entries(shippedOrderLog)) {
    writeFileSync(join(dir, `${service}.log`), `${lines.join('\n')}\n`);
  }
  return dir;
};

/** A loopback port nothing listens on (free when this returns). */
const closedPort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address !== null ? address.port : 0;
};

const run = async (
  argv: string[],
  io: Partial<TraceCliIo> = {},
): Promise<{ code: number; out: string; err: string }> => {
  let out = '';
  let err = '';
  const code = await runTraceCli(argv, {
    env: {},
    now: () => new Date('2026-12-02T00:00:00.000Z'),
    ...io,
    out: (text) => (out += `${text}\n`),
    err: (text) => (err += `${text}\n`),
  });
  return { code, out, err };
};

describe('runTraceCli', () => {
  it('prints the timeline of an order from the local logs, and says the queues were not read', async () => {
    // Prepare
    const dir = logsDir();

    // Act
    const { code, out, err } = await run([shippedOrder.orderId, '--logs-dir', dir, '--no-queues']);

    // Assess
    expect({ code, err }).toEqual({ code: 0, err: '' });
    const lines = out.split('\n');
    expect(lines[0]).toBe(
      `Order ${shippedOrder.orderId}  correlation ${shippedOrder.correlationId}`,
    );
    expect(lines[1]).toBe(
      `17 log lines from checkout, inventory, email, marketing, shipping in ${dir}; 2026-12-01 23:26:54.801 to 23:27:01.537 UTC (6.74 s)`,
    );
    expect(lines[3]).toMatch(/^TIME \(UTC\) +HOP +SERVICE +FUNCTION +EVENT +INVOCATION +OUTCOME$/);
    expect(lines[4]).toMatch(
      /^23:26:54\.801 +checkout +postCheckout +POST \/checkout +≈540 ms +Order placed → evt-plac$/,
    );
    expect(lines[5]).toMatch(
      /^23:26:56\.701 +\+1\.90 s +inventory +onOrderPlaced +order\.placed evt-plac +≈462 ms +handled: Order reserved → evt-rese$/,
    );
    expect(out).toContain(
      'Where it is: in progress, not every consumer has handled its events yet',
    );
    expect(out).toContain(
      `WAIT   analytics onAnalyticsOrderFlow has not handled order.placed ${shippedOrder.placedEventId} yet.`,
    );
    expect(out).toContain(
      'Queues and DLQs not checked (not asked for): this rests on the logs alone.',
    );
  });

  it('still prints the timeline when the local cloud is not running, saying why the queues were not read', async () => {
    // Prepare
    const dir = logsDir();
    const port = await closedPort();

    // Act
    const { code, out } = await run([shippedOrder.correlationId, '--logs-dir', dir], {
      env: { CONVEYOR_LOCAL_PORTS: `fauxqs=${port},dynamodb=${port},ses=${port}` },
    });

    // Assess
    expect(code).toBe(0);
    expect(out).toContain(
      `Order ${shippedOrder.orderId}  correlation ${shippedOrder.correlationId}`,
    );
    expect(out).toContain(
      `Queues and DLQs not checked (The local cloud is not running on 127.0.0.1:${port}.`,
    );
  });

  it('prints JSON with --json', async () => {
    // Act
    const { code, out } = await run([
      shippedOrder.orderId,
      '--logs-dir',
      logsDir(),
      '--no-queues',
      '--json',
    ]);

    // Assess
    expect(code).toBe(0);
    const json = JSON.parse(out) as {
      orderIds: string[];
      steps: unknown[];
      diagnosis: { verdict: string };
    };
    expect(json.orderIds).toEqual([shippedOrder.orderId]);
    expect(json.steps).toHaveLength(9);
    expect(json.diagnosis.verdict).toBe('in-progress');
  });

  it('fails with exit 1 for an id no line names, and 2 for a wrong command line', async () => {
    // Act
    const unknown = await run(['ord-nobody', '--logs-dir', logsDir(), '--no-queues']);
    const usage = await run([]);

    // Assess
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(
      /^trace: No log line names "ord-nobody" \(as an order id, aggregateId, correlationId or the customerId of an order\) in /,
    );
    expect(unknown.err).toContain('AWS_LAMBDA_LOG_LEVEL=WARN or ERROR writes none');
    expect(usage.code).toBe(2);
    expect(usage.err).toContain('trace: Which order?');
  });

  it('reads an AWS stage through Logs Insights, and explains missing credentials', async () => {
    // Prepare
    const message = JSON.parse(shippedOrderLog['inventory']?.[0] ?? '{}') as object;
    const client = {
      send: (command: object) => {
        if (command instanceof DescribeLogGroupsCommand) {
          return Promise.resolve({
            logGroups: [{ logGroupName: `${command.input.logGroupNamePrefix ?? ''}onOrderPlaced` }],
          });
        }
        if (command instanceof StartQueryCommand) return Promise.resolve({ queryId: 'q-1' });
        if (command instanceof GetQueryResultsCommand) {
          return Promise.resolve({
            status: 'Complete',
            results: [
              [
                { field: '@timestamp', value: '2026-12-01 23:26:56.701' },
                { field: '@log', value: '1:/aws/lambda/conveyor-inventory-dev-onOrderPlaced' },
                { field: '@message', value: JSON.stringify(message) },
              ],
            ],
          });
        }
        return Promise.reject(new Error('unexpected command'));
      },
    } as unknown as LogsClient;
    const noCredentials = {
      send: () =>
        Promise.reject(
          Object.assign(new Error('Could not load credentials from any providers'), {
            name: 'CredentialsProviderError',
          }),
        ),
    } as unknown as LogsClient;
    const options: Record<string, string | undefined>[] = [];

    // Act
    const found = await run(
      [shippedOrder.orderId, '--stage', 'dev', '--profile', 'ops', '--no-queues'],
      {
        logsClient: (given) => {
          options.push(given);
          return client;
        },
      },
    );
    const refused = await run([shippedOrder.orderId, '--stage', 'dev', '--no-queues'], {
      logsClient: () => noCredentials,
    });

    // Assess
    expect(found.code).toBe(0);
    expect(options).toEqual([{ profile: 'ops' }]);
    expect(found.out).toContain(
      'CloudWatch Logs Insights, stage "dev", 2026-11-25T00:00:00.000Z to 2026-12-02T00:00:00.000Z',
    );
    expect(found.out).toMatch(/23:26:56\.701 +inventory +onOrderPlaced +order\.placed evt-plac/);
    expect(refused).toMatchObject({ code: 1 });
    expect(refused.err).toContain(
      'trace: No AWS credentials for CloudWatch Logs of stage "dev". Pass --profile',
    );
  });

  it('explains a missing region in one line, as smithy reports it: a plain Error', async () => {
    // Prepare
    const noRegion = {
      send: () => Promise.reject(new Error('Region is missing')),
    } as unknown as LogsClient;

    // Act
    const refused = await run([shippedOrder.orderId, '--stage', 'dev', '--no-queues'], {
      logsClient: () => noRegion,
    });

    // Assess
    expect(refused).toMatchObject({ code: 1 });
    expect(refused.err.trim()).toBe(
      'trace: No AWS region for CloudWatch Logs of stage "dev": pass --region, set AWS_REGION, or give the profile a region (a profile must exist in ~/.aws/config to give one).',
    );
  });

  it('still throws an error that is not about AWS, rather than hiding a bug', async () => {
    // Prepare
    const broken = {
      send: () => Promise.reject(new TypeError('x is not a function')),
    } as unknown as LogsClient;

    // Act
    const running = run([shippedOrder.orderId, '--stage', 'dev', '--no-queues'], {
      logsClient: () => broken,
    });

    // Assess
    await expect(running).rejects.toThrow('x is not a function');
  });

  it('refuses an AWS stage while AWS_ENDPOINT_URL points at the local cloud, exit 2, before any call', async () => {
    // Prepare: a client that fails the test if called.
    const logsClient = (): LogsClient => ({
      send: () => Promise.reject(new Error('no call expected')),
    });

    // Act
    const { code, err } = await run(['ord-1', '--stage', 'dev', '--region', 'eu-west-1'], {
      env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' },
      logsClient,
    });

    // Assess
    expect(code).toBe(2);
    expect(err).toMatch(
      /^trace: Stage "dev" is in AWS, but AWS_ENDPOINT_URL_CLOUDWATCH_LOGS\/AWS_ENDPOINT_URL is set \(http:\/\/127\.0\.0\.1:4566\)/,
    );
  });
});
