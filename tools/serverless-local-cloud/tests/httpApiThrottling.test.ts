import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { type LocalCloud, localRegion, startLocalCloud } from '@conveyor/local-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeAnswer } from './fixture-service/src/probe.ts';
import { newRunId } from './support/observations.ts';
import { fixtureDir, type OfflineProcess, startOffline } from './support/startOffline.ts';
import { waitFor } from './support/waitFor.ts';

let cloud: LocalCloud | undefined;
let offline: OfflineProcess | undefined;
let dynamodb: DynamoDBClient;

const markersTable = 'slc-throttled-test-markers';
// One request a second, bursts of two: the stage settings the fixture takes from its params.
const params = { apiRateLimit: '1', apiBurstLimit: '2' };
const throttledLine = /serverless-local-cloud: HTTP API throttled per route/;

interface Answer {
  readonly call: string;
  readonly status: number;
  readonly contentType: string;
  readonly retryAfter: string | null;
  readonly text: string;
}

/** `GET /<route>/mark`: the function, when invoked, writes the marker `call-<call>` first. */
const callMark = async (route: string, runId: string, call: string): Promise<Answer> => {
  const response = await fetch(`${offline!.httpUrl}/${route}/mark?runId=${runId}&call=${call}`);
  return {
    call,
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    retryAfter: response.headers.get('retry-after'),
    text: await response.text(),
  };
};

/** Every call of this run that reached the function. */
const invokedCalls = async (runId: string): Promise<string[]> => {
  const { Items = [] } = await dynamodb.send(
    new QueryCommand({
      TableName: markersTable,
      KeyConditionExpression: 'pk = :runId',
      ExpressionAttributeValues: { ':runId': { S: runId } },
      ConsistentRead: true,
    }),
  );
  return Items.map((item) => (item['sk']?.S ?? '').replace(/^call-/, '')).sort();
};

const burst = (route: string, runId: string, size: number, label: string): Promise<Answer[]> =>
  Promise.all(
    Array.from({ length: size }, (_, index) => callMark(route, runId, `${label}${String(index)}`)),
  );

beforeAll(async () => {
  cloud = await startLocalCloud({ inMemory: true, ports: { fauxqs: 0, dynamodb: 0, ses: 0 } });
  offline = await startOffline({
    ports: cloud.ports,
    buildName: 'http-api-throttling',
    config: 'serverless.throttled.yml',
    params,
  });
  await offline.waitForOutput(throttledLine);
  dynamodb = new DynamoDBClient({
    region: localRegion,
    endpoint: cloud.endpoints.dynamodb,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
});

afterAll(async () => {
  await offline?.stop();
  dynamodb.destroy();
  await cloud?.stop();
});

describe('HTTP API stage throttling', () => {
  it('answers 429 problem+json past the stage limits without invoking the function, and lets requests through again once the bucket refills', async () => {
    // Prepare
    const runId = newRunId();

    // Act: ten requests at once against a bucket of two.
    const answers = await burst('probe', runId, 10, 'b');
    let attempt = 0;
    const afterRefill = await waitFor(
      'a 200 once the bucket has refilled',
      async () => {
        attempt += 1;
        const answer = await callMark('probe', runId, `r${String(attempt)}`);
        return answer.status === 200 ? answer : undefined;
      },
      { intervalMs: 200 },
    );
    const invoked = await invokedCalls(runId);

    // Assess
    const passed = answers.filter(({ status }) => status === 200);
    const throttled = answers.filter(({ status }) => status === 429);
    expect(passed.length + throttled.length).toBe(answers.length);
    expect(passed.length).toBeGreaterThanOrEqual(2);
    expect(throttled.length).toBeGreaterThanOrEqual(1);
    for (const answer of throttled) {
      expect(answer.contentType).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(answer.text)).toStrictEqual({
        type: 'about:blank',
        title: 'Too Many Requests',
        status: 429,
        detail:
          "GET /probe/{behaviour} is over its stage's throttling limits (1 request/s, bursts of 2); retry later.",
      });
      expect(answer.text).not.toContain(fixtureDir.replace(/\/$/, ''));
      expect(answer.text).not.toMatch(/stack|\bat \S+ \(|\.cjs|\.ts\b/i);
      expect(answer.retryAfter).toMatch(/^[1-9]\d*$/);
    }
    // Exactly the calls answered 200 reached the function: no throttled call did.
    expect(invoked).toEqual([...passed.map(({ call }) => call), afterRefill.call].sort());
    expect((JSON.parse(afterRefill.text) as ProbeAnswer).functionName).toBe(
      'slc-throttled-test-probe',
    );
    expect(offline!.output()).toContain('serverless-local-cloud: 429 GET /probe/{behaviour}');
  });

  it('keeps a bucket per route: another route passes while one is throttled', async () => {
    // Prepare
    const runId = newRunId();

    // Act
    const drained = await burst('probe', runId, 6, 'p');
    const other = await callMark('other', runId, 'o0');

    // Assess
    expect(drained.some(({ status }) => status === 429)).toBe(true);
    expect(other.status).toBe(200);
    expect((JSON.parse(other.text) as ProbeAnswer).functionName).toBe('slc-throttled-test-other');
  });
});
