import { type DynamoDBClient, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import type { ProbeAnswer } from '../fixture-service/src/probe.ts';
import type { OfflineProcess } from './startOffline.ts';
import { waitFor } from './waitFor.ts';

/** An HTTP answer of the fixture's `held` function. */
export interface Answer {
  readonly status: number;
  readonly text: string;
}

/** A marker the fixture's functions wrote, with the instance that wrote it. */
export interface Marker {
  readonly name: string;
  readonly instanceId: string;
}

/** Calls of the reload fixture's `held` function (one instance at most) and its markers. */
export interface HeldCalls {
  /** `GET /held/<path>`, e.g. `hold?runId=…&call=h`. */
  readonly call: (path: string, init?: RequestInit) => Promise<Answer>;
  /** Lets the call `hold`-ing under `name` finish. */
  readonly release: (runId: string, name: string) => Promise<void>;
  /** The markers of a run whose names start with `prefix`. */
  readonly markers: (runId: string, prefix: string) => Promise<Marker[]>;
  /** Waits for the first marker of a run whose name starts with `prefix`. */
  readonly markerOf: (runId: string, prefix: string) => Promise<Marker>;
  /** How many lines of offline's output contain `text`. */
  readonly linesOfOutput: (text: string) => number;
  /** How many `GET /held/<path>` requests offline logged. */
  readonly requestsSeen: (path: string) => number;
}

/** The instance that answered a call. */
export const instanceOf = (answer: Answer): string =>
  (JSON.parse(answer.text) as ProbeAnswer).instanceId;

/**
 * Helpers for a test of the reload fixture (`serverless.reload.yml`), whose `held` function
 * holds its one instance until the test writes a release marker.
 */
export const heldCalls = (
  offline: () => OfflineProcess,
  dynamodb: () => DynamoDBClient,
  markersTable: string,
): HeldCalls => {
  const markers = async (runId: string, prefix: string): Promise<Marker[]> => {
    const { Items = [] } = await dynamodb().send(
      new QueryCommand({
        TableName: markersTable,
        KeyConditionExpression: 'pk = :runId AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':runId': { S: runId }, ':prefix': { S: prefix } },
        ConsistentRead: true,
      }),
    );
    return Items.map((item) => ({
      name: item['sk']?.S ?? '',
      instanceId: item['instanceId']?.S ?? '',
    }));
  };
  const linesOfOutput = (text: string): number =>
    offline()
      .output()
      .split('\n')
      .filter((line) => line.includes(text)).length;
  return {
    call: async (path, init) => {
      const response = await fetch(`${offline().httpUrl}/held/${path}`, init);
      return { status: response.status, text: await response.text() };
    },
    release: async (runId, name) => {
      await dynamodb().send(
        new PutItemCommand({
          TableName: markersTable,
          Item: { pk: { S: runId }, sk: { S: `release-${name}` } },
        }),
      );
    },
    markers,
    markerOf: (runId, prefix) =>
      waitFor(`a marker ${prefix}*`, async () => {
        const [marker] = await markers(runId, prefix);
        return marker;
      }),
    linesOfOutput,
    requestsSeen: (path) => linesOfOutput(`GET /held/${path} (λ: held)`),
  };
};
