import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';

/** Names this execution environment: a replaced one loads the module, and draws an id, afresh. */
export const instanceId = randomUUID();

// Configured only through the environment the plugin sets (AWS_ENDPOINT_URL_DYNAMODB).
const dynamodb = new DynamoDBClient({});

const markersTable = (): string => process.env['MARKERS_TABLE'] ?? '';

/** Writes a marker item `runId / name`, saying which instance wrote it. */
export const putMarker = async (runId: string, name: string): Promise<void> => {
  await dynamodb.send(
    new PutItemCommand({
      TableName: markersTable(),
      Item: { pk: { S: runId }, sk: { S: name }, instanceId: { S: instanceId } },
    }),
  );
};

/** Whether the marker `runId / name` exists. */
export const hasMarker = async (runId: string, name: string): Promise<boolean> => {
  const { Item } = await dynamodb.send(
    new GetItemCommand({
      TableName: markersTable(),
      Key: { pk: { S: runId }, sk: { S: name } },
      ConsistentRead: true,
    }),
  );
  return Item !== undefined;
};

// Bounds the loop below if the invocation is never stopped (the failure the tests look for).
const lingerLimitMs = 60_000;

/**
 * Runs past the function's timeout, then waits for the test's go-ahead (given once the timeout
 * has been reported) and writes `lateSideEffect`: the work a stopped invocation never does. It
 * reads back to back, so an invocation still running would see the go-ahead at once.
 */
export const lingerPastTimeout = async (runId: string, context: Context): Promise<void> => {
  await sleep(context.getRemainingTimeInMillis() + 100);
  const giveUpAt = Date.now() + lingerLimitMs;
  while (!(await hasMarker(runId, 'go'))) {
    if (Date.now() > giveUpAt) {
      return;
    }
  }
  await putMarker(runId, 'lateSideEffect');
};
