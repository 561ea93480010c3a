// Seeding tables from files on the real local DynamoDB.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { type LocalCloud, localRegion, startLocalCloud } from '@conveyor/local-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalCloudPluginError } from '../src/errors.ts';
import { buildResourceCatalog } from '../src/resourceCatalog.ts';
import { readSeedSpecs, seedTables } from '../src/seedTables.ts';

let cloud: LocalCloud;
let dynamodb: DynamoDBClient;
let dir: string;

const resources = {
  StockTable: {
    Type: 'AWS::DynamoDB::Table',
    Properties: { TableName: 'seed-stock', KeySchema: [{ AttributeName: 'sku', KeyType: 'HASH' }] },
  },
  Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'seed-topic' } },
};

beforeAll(async () => {
  cloud = await startLocalCloud({ inMemory: true, ports: { fauxqs: 0, dynamodb: 0, ses: 0 } });
  dynamodb = new DynamoDBClient({
    endpoint: cloud.endpoints.dynamodb,
    region: localRegion,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await dynamodb.send(
    new CreateTableCommand({
      TableName: 'seed-stock',
      AttributeDefinitions: [{ AttributeName: 'sku', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'sku', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  // Provisioning returns once a table is ACTIVE; this test creates its table itself.
  await waitUntilTableExists(
    { client: dynamodb, minDelay: 1, maxDelay: 1, maxWaitTime: 30 },
    { TableName: 'seed-stock' },
  );
  dir = await mkdtemp(join(tmpdir(), 'seed-'));
  await writeFile(
    join(dir, 'stock.json'),
    JSON.stringify([
      { sku: 'A', onHand: 10 },
      { sku: 'B', onHand: 20 },
    ]),
  );
});

afterAll(async () => {
  dynamodb.destroy();
  await cloud.stop();
  await rm(dir, { recursive: true, force: true });
});

const catalog = () =>
  buildResourceCatalog(resources, 'seed-test', {
    region: localRegion,
    accountId: '000000000000',
    partition: 'aws',
    sqsEndpoint: cloud.endpoints.sqs,
  });

describe('seedTables', () => {
  it('adds missing items, keeps items that exist, and changes nothing the second time', async () => {
    // Prepare
    await dynamodb.send(
      new PutItemCommand({
        TableName: 'seed-stock',
        Item: { sku: { S: 'B' }, onHand: { N: '3' } },
      }),
    );
    const specs = [{ table: 'StockTable', file: 'stock.json' }];

    // Act
    const first = await seedTables(specs, catalog(), dir, dynamodb);
    const second = await seedTables(specs, catalog(), dir, dynamodb);

    // Assess
    expect(first).toEqual([{ table: 'StockTable', inserted: 1, existing: 1 }]);
    expect(second).toEqual([{ table: 'StockTable', inserted: 0, existing: 2 }]);
    const kept = await dynamodb.send(
      new GetItemCommand({ TableName: 'seed-stock', Key: { sku: { S: 'B' } } }),
    );
    expect(kept.Item?.onHand?.N).toBe('3');
  });

  it('names the entry when the table is not one of the service', async () => {
    // Act
    const act = seedTables([{ table: 'Topic', file: 'stock.json' }], catalog(), dir, dynamodb);

    // Assess
    await expect(act).rejects.toThrow(
      'custom.localCloud.seed[0]: Topic is not an AWS::DynamoDB::Table of this service',
    );
  });

  it('names the entry when the file cannot be read', async () => {
    // Act
    const act = seedTables(
      [{ table: 'StockTable', file: 'missing.json' }],
      catalog(),
      dir,
      dynamodb,
    );

    // Assess
    await expect(act).rejects.toThrow(/custom\.localCloud\.seed\[0\]: cannot read missing\.json/);
  });
});

describe('readSeedSpecs', () => {
  it('reads the entries, and nothing when there is no seed', () => {
    // Act
    const specs = readSeedSpecs({
      localCloud: { seed: [{ table: 'StockTable', file: 'data/seed.json' }] },
    });
    const none = readSeedSpecs({});

    // Assess
    expect(specs).toEqual([{ table: 'StockTable', file: 'data/seed.json' }]);
    expect(none).toEqual([]);
  });

  it('refuses a malformed entry', () => {
    // Act
    const act = () => readSeedSpecs({ localCloud: { seed: [{ table: 'StockTable' }] } });

    // Assess
    expect(act).toThrow(LocalCloudPluginError);
  });
});
