import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTableCommand,
  type DynamoDBClient,
  DeleteTableCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  waitUntilTableExists,
  waitUntilTableNotExists,
} from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { type LocalCloud, startLocalCloud } from '../src/index.ts';
import { localClients } from './support/localClients.ts';

// dynalite keeps the tables item calls were handed (tools/patches/dynalite+*.patch): these calls
// must still see every change a table action makes, as they did when each read it afresh.

const anyPorts = { fauxqs: 0, dynamodb: 0, ses: 0 } as const;
let cloud: LocalCloud | undefined;
let dataDir: string | undefined;

afterEach(async () => {
  await cloud?.stop();
  cloud = undefined;
  if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  dataDir = undefined;
});

const createTable = async (
  dynamodb: DynamoDBClient,
  TableName: string,
  key: string,
): Promise<void> => {
  await dynamodb.send(
    new CreateTableCommand({
      TableName,
      AttributeDefinitions: [{ AttributeName: key, AttributeType: 'S' }],
      KeySchema: [{ AttributeName: key, KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  await waitUntilTableExists(
    { client: dynamodb, minDelay: 1, maxDelay: 1, maxWaitTime: 10 },
    { TableName },
  );
};

const errorName = async (call: Promise<unknown>): Promise<string | undefined> => {
  try {
    await call;
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.name : String(error);
  }
};

describe.each([
  ['in memory', () => ({ inMemory: true })],
  ['persistent', () => ({ dataDir: (dataDir = mkdtempSync(join(tmpdir(), 'dynalite-tables-'))) })],
])('dynalite tables (%s)', (_mode, storage) => {
  it('refuses item calls on a deleted table and uses the new key schema of a table created again', async () => {
    // Prepare
    cloud = await startLocalCloud({ ports: anyPorts, ...storage() });
    const { dynamodb } = localClients(cloud.endpoints);
    await createTable(dynamodb, 'orders', 'id');
    await dynamodb.send(new PutItemCommand({ TableName: 'orders', Item: { id: { S: 'o-1' } } }));

    // Act
    await dynamodb.send(new DeleteTableCommand({ TableName: 'orders' }));
    await waitUntilTableNotExists(
      { client: dynamodb, minDelay: 1, maxDelay: 1, maxWaitTime: 10 },
      { TableName: 'orders' },
    );
    const afterDelete = await errorName(
      dynamodb.send(new GetItemCommand({ TableName: 'orders', Key: { id: { S: 'o-1' } } })),
    );
    await createTable(dynamodb, 'orders', 'orderId');
    const oldKey = await errorName(
      dynamodb.send(new PutItemCommand({ TableName: 'orders', Item: { id: { S: 'o-2' } } })),
    );
    await dynamodb.send(
      new PutItemCommand({ TableName: 'orders', Item: { orderId: { S: 'o-3' } } }),
    );
    const found = await dynamodb.send(
      new GetItemCommand({ TableName: 'orders', Key: { orderId: { S: 'o-3' } } }),
    );

    // Assess
    expect(afterDelete).toBe('ResourceNotFoundException');
    expect(oldKey).toBe('ValidationException');
    expect(found.Item).toEqual({ orderId: { S: 'o-3' } });
  });

  it('writes an index of a table created again with one, after item calls used the table without it', async () => {
    // Prepare
    cloud = await startLocalCloud({ ports: anyPorts, ...storage() });
    const { dynamodb } = localClients(cloud.endpoints);
    await createTable(dynamodb, 'contacts', 'id');
    await dynamodb.send(
      new PutItemCommand({
        TableName: 'contacts',
        Item: { id: { S: 'c-1' }, audience: { S: 'newsletter' } },
      }),
    );
    await dynamodb.send(new DeleteTableCommand({ TableName: 'contacts' }));
    await waitUntilTableNotExists(
      { client: dynamodb, minDelay: 1, maxDelay: 1, maxWaitTime: 10 },
      { TableName: 'contacts' },
    );
    await dynamodb.send(
      new CreateTableCommand({
        TableName: 'contacts',
        AttributeDefinitions: [
          { AttributeName: 'id', AttributeType: 'S' },
          { AttributeName: 'audience', AttributeType: 'S' },
        ],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        GlobalSecondaryIndexes: [
          {
            IndexName: 'byAudience',
            KeySchema: [{ AttributeName: 'audience', KeyType: 'HASH' }],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await waitUntilTableExists(
      { client: dynamodb, minDelay: 1, maxDelay: 1, maxWaitTime: 10 },
      { TableName: 'contacts' },
    );

    // Act
    await dynamodb.send(
      new PutItemCommand({
        TableName: 'contacts',
        Item: { id: { S: 'c-2' }, audience: { S: 'newsletter' } },
      }),
    );
    const result = await dynamodb.send(
      new QueryCommand({
        TableName: 'contacts',
        IndexName: 'byAudience',
        KeyConditionExpression: 'audience = :audience',
        ExpressionAttributeValues: { ':audience': { S: 'newsletter' } },
      }),
    );

    // Assess
    expect(result.Items?.map((item) => item.id?.S)).toEqual(['c-2']);
  });
});
