import {
  DescribeLogGroupsCommand,
  type DescribeLogGroupsCommandOutput,
  GetQueryResultsCommand,
  type GetQueryResultsCommandOutput,
  type ResultField,
  StartQueryCommand,
  type StartQueryCommandInput,
  type StartQueryCommandOutput,
} from '@aws-sdk/client-cloudwatch-logs';
import { topology } from '@conveyor/event-types';
import { describe, expect, it } from 'vitest';
import { TraceError } from './errors.ts';
import {
  buildInsightsQuery,
  InsightsLogSource,
  type LogsClient,
  recordFromRow,
  servicesOf,
} from './insightsLogSource.ts';

type Command = DescribeLogGroupsCommand | StartQueryCommand | GetQueryResultsCommand;

/**
 * CloudWatch Logs in memory: log groups by name, and queries whose results are the rows given;
 * each query is Running for `runningPolls` polls before it completes (or ends `finalStatus`).
 */
const fakeLogs = (options: {
  groups: readonly string[];
  rows?: (query: StartQueryCommandInput) => ResultField[][];
  runningPolls?: number;
  finalStatus?: string;
  pageSize?: number;
}) => {
  const started: StartQueryCommandInput[] = [];
  const described: { prefix?: string; nextToken?: string }[] = [];
  const polls = new Map<string, number>();
  const send = (command: Command): Promise<unknown> => {
    if (command instanceof DescribeLogGroupsCommand) {
      const { logGroupNamePrefix: prefix = '', nextToken } = command.input;
      described.push({ prefix, ...(nextToken === undefined ? {} : { nextToken }) });
      const matching = options.groups.filter((group) => group.startsWith(prefix));
      const from = Number(nextToken ?? 0);
      const size = options.pageSize ?? 50;
      const page = matching.slice(from, from + size);
      return Promise.resolve({
        logGroups: page.map((logGroupName) => ({ logGroupName })),
        ...(from + size < matching.length ? { nextToken: String(from + size) } : {}),
        $metadata: {},
      } satisfies DescribeLogGroupsCommandOutput);
    }
    if (command instanceof StartQueryCommand) {
      started.push(command.input);
      return Promise.resolve({
        queryId: `q-${started.length}`,
        $metadata: {},
      } satisfies StartQueryCommandOutput);
    }
    const queryId = command.input.queryId ?? '';
    const count = (polls.get(queryId) ?? 0) + 1;
    polls.set(queryId, count);
    const query = started[Number(queryId.slice(2)) - 1];
    if (count <= (options.runningPolls ?? 0)) {
      return Promise.resolve({
        status: 'Running',
        $metadata: {},
      } satisfies GetQueryResultsCommandOutput);
    }
    const status = options.finalStatus ?? 'Complete';
    return Promise.resolve({
      status: status as GetQueryResultsCommandOutput['status'],
      results: status === 'Complete' && query !== undefined ? (options.rows?.(query) ?? []) : [],
      $metadata: {},
    } satisfies GetQueryResultsCommandOutput);
  };
  return { client: { send } as unknown as LogsClient, started, described, polls };
};

const row = (
  log: string,
  message: string,
  timestamp = '2026-12-01 10:00:00.000',
): ResultField[] => [
  { field: '@timestamp', value: timestamp },
  { field: '@log', value: `123456789012:${log}` },
  { field: '@message', value: message },
];

const window = {
  from: new Date('2026-12-01T00:00:00.000Z'),
  to: new Date('2026-12-02T00:00:00.000Z'),
};
const noWait = (): Promise<void> => Promise.resolve();

describe('buildInsightsQuery', () => {
  it('filters the messages on each id, oldest first, up to the most rows a query returns', () => {
    // Act
    const query = buildInsightsQuery(['ord-1', 'corr-1']);

    // Assess
    expect(query).toBe(
      [
        'fields @timestamp, @log, @message',
        '| filter @message like "ord-1" or @message like "corr-1"',
        '| sort @timestamp asc',
        '| limit 10000',
      ].join('\n'),
    );
  });

  it('refuses an id that could leave its quotes', () => {
    // Act / Assess
    expect(() => buildInsightsQuery(['x" or @message like "'])).toThrow(TraceError);
  });
});

describe('recordFromRow', () => {
  it('maps a Powertools line to its service and function from the log group, and its own time', () => {
    // Prepare
    const message = JSON.stringify({
      level: 'INFO',
      message: 'Event handled',
      timestamp: '2026-12-01T10:00:01.234Z',
      service: 'inventory',
      aggregateId: 'ord-1',
    });

    // Act
    const mapped = recordFromRow(
      row('/aws/lambda/conveyor-inventory-dev-onOrderPlaced', message),
      topology,
      'dev',
    );

    // Assess
    expect(mapped).toEqual({
      service: 'inventory',
      functionName: 'onOrderPlaced',
      time: new Date('2026-12-01T10:00:01.234Z'),
      fields: JSON.parse(message) as unknown,
    });
  });

  it("leaves out Lambda's own lines, and falls back to the ingestion time and the line's service", () => {
    // Act
    const report = recordFromRow(
      row(
        '/aws/lambda/conveyor-shipping-dev-onInventoryReserved',
        'REPORT RequestId: r-1 Duration: 12.3 ms',
      ),
      topology,
      'dev',
    );
    const foreign = recordFromRow(
      row(
        '/aws/lambda/other-thing',
        '{"service":"billing","orderId":"ord-1"}',
        '2026-12-01 10:00:02.500',
      ),
      topology,
      'dev',
    );

    // Assess
    expect(report).toBeUndefined();
    expect(foreign).toEqual({
      service: 'billing',
      time: new Date('2026-12-01T10:00:02.500Z'),
      fields: { service: 'billing', orderId: 'ord-1' },
    });
  });
});

describe('InsightsLogSource', () => {
  const groupsOf = (stage: string): string[] =>
    servicesOf(topology).flatMap((service) => [
      `/aws/lambda/conveyor-${service}-${stage}-fnA`,
      `/aws/lambda/conveyor-${service}-${stage}-fnB`,
    ]);

  it("queries every service's log groups of the stage within the window, polling until the query completes", async () => {
    // Prepare
    const logs = fakeLogs({
      groups: [...groupsOf('dev'), ...groupsOf('prod'), '/aws/lambda/conveyor-checkout-devx-fnA'],
      runningPolls: 2,
      pageSize: 1,
      rows: () => [
        row(
          '/aws/lambda/conveyor-email-dev-fnB',
          '{"message":"b","timestamp":"2026-12-01T10:00:02.000Z","orderId":"ord-1"}',
        ),
        row(
          '/aws/lambda/conveyor-checkout-dev-fnA',
          '{"message":"a","timestamp":"2026-12-01T10:00:01.000Z","orderId":"ord-1"}',
        ),
      ],
    });
    const source = new InsightsLogSource({
      client: logs.client,
      topology,
      stage: 'dev',
      ...window,
      wait: noWait,
    });

    // Act
    const found = await source.find(['ord-1']);

    // Assess
    expect(logs.described.map((each) => each.prefix)).toEqual(
      servicesOf(topology).flatMap((service) => [
        `/aws/lambda/conveyor-${service}-dev-`,
        `/aws/lambda/conveyor-${service}-dev-`,
      ]),
    );
    expect(logs.started).toEqual([
      {
        logGroupNames: groupsOf('dev'),
        queryString: buildInsightsQuery(['ord-1']),
        startTime: window.from.getTime() / 1000,
        endTime: window.to.getTime() / 1000,
        limit: 10_000,
      },
    ]);
    expect(logs.polls.get('q-1')).toBe(3);
    expect(
      found.records.map((each) => [each.service, each.functionName, each.fields['message']]),
    ).toEqual([
      ['checkout', 'fnA', 'a'],
      ['email', 'fnB', 'b'],
    ]);
  });

  it('splits queries at 50 log groups and 20 ids', async () => {
    // Prepare
    const many = Array.from(
      { length: 60 },
      (_, index) => `/aws/lambda/conveyor-checkout-dev-fn${index}`,
    );
    const ids = Array.from({ length: 21 }, (_, index) => `id-${index}`);
    const logs = fakeLogs({ groups: many });
    const source = new InsightsLogSource({
      client: logs.client,
      topology,
      stage: 'dev',
      ...window,
      wait: noWait,
    });

    // Act
    await source.find(ids);

    // Assess
    expect(
      logs.started.map((query) => [
        query.logGroupNames?.length,
        query.queryString?.match(/like/g)?.length,
      ]),
    ).toEqual([
      [50, 20],
      [10, 20],
      [50, 1],
      [10, 1],
    ]);
  });

  it('fails naming the query that did not complete, and a stage without log groups', async () => {
    // Prepare
    const failing = fakeLogs({ groups: groupsOf('dev'), finalStatus: 'Failed' });
    const empty = fakeLogs({ groups: groupsOf('prod') });
    const options = { topology, stage: 'dev', ...window, wait: noWait };

    // Act
    const [failed, none] = await Promise.allSettled([
      new InsightsLogSource({ client: failing.client, ...options }).find(['ord-1']),
      new InsightsLogSource({ client: empty.client, ...options }).find(['ord-1']),
    ]);

    // Assess
    expect(String((failed as PromiseRejectedResult).reason)).toContain(
      'Logs Insights query q-1 ended Failed.',
    );
    expect(String((none as PromiseRejectedResult).reason)).toContain(
      'No log groups of stage "dev": none starts with /aws/lambda/conveyor-<service>-dev-',
    );
  });
});
