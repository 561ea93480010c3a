// Provisioning tables on the real local DynamoDB: a new table, and a table whose declaration
// gained an index.
// dynalite ships no types; the local cloud declares the part it uses.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../../local-cloud/src/types/dynalite.d.ts" />
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  TagResourceCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { type LocalCloud, localRegion, startLocalCloud } from '@conveyor/local-cloud';
import dynalite from 'dynalite';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProvisionRecorder } from '../src/provisionReport.ts';
import { provisionTables } from '../src/provisionTables.ts';
import { buildResourceCatalog, type LocalCloudIdentity } from '../src/resourceCatalog.ts';
import { localClients } from './support/localClients.ts';

let cloud: LocalCloud;
let dynamodb: DynamoDBClient;

const identity: LocalCloudIdentity = {
  region: localRegion,
  accountId: '000000000000',
  partition: 'aws',
  sqsEndpoint: 'http://127.0.0.1:4566',
};

const contactsTable = (tableName: string, withIndex: boolean) => ({
  ContactsTable: {
    Type: 'AWS::DynamoDB::Table',
    Properties: {
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'id', AttributeType: 'S' },
        ...(withIndex ? [{ AttributeName: 'audience', AttributeType: 'S' }] : []),
      ],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      ...(withIndex
        ? {
            GlobalSecondaryIndexes: [
              {
                IndexName: 'byAudience',
                KeySchema: [{ AttributeName: 'audience', KeyType: 'HASH' }],
                Projection: { ProjectionType: 'ALL' },
              },
            ],
          }
        : {}),
    },
  },
});

const provision = async (
  withIndex: boolean,
  tableName = 'provision-contacts',
): Promise<ProvisionRecorder> => {
  const recorder = new ProvisionRecorder();
  await provisionTables(
    buildResourceCatalog(contactsTable(tableName, withIndex), 'provision-local', identity),
    dynamodb,
    recorder,
  );
  return recorder;
};

// What a rebuild sets on its scratch table once it holds every item.
const markComplete = async (scratchName: string): Promise<void> => {
  const scratch = await dynamodb.send(new DescribeTableCommand({ TableName: scratchName }));
  await dynamodb.send(
    new TagResourceCommand({
      ResourceArn: String(scratch.Table?.TableArn),
      Tags: [{ Key: 'conveyor:rebuild', Value: 'complete' }],
    }),
  );
};

beforeAll(async () => {
  cloud = await startLocalCloud({ inMemory: true, ports: { fauxqs: 0, dynamodb: 0, ses: 0 } });
  ({ dynamodb } = localClients(cloud.endpoints));
});

afterAll(async () => {
  dynamodb.destroy();
  await cloud.stop();
});

describe('provisionTables', () => {
  it('returns once a table it creates is ACTIVE, so an item can be written at once', async () => {
    // Prepare: a DynamoDB whose new tables stay CREATING for a while, as AWS's do.
    const slow = dynalite({ createTableMs: 300 });
    slow.listen(0, '127.0.0.1');
    await once(slow, 'listening');
    const { port } = slow.address() as AddressInfo;
    const slowClient = new DynamoDBClient({
      region: localRegion,
      endpoint: `http://127.0.0.1:${String(port)}`,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    const recorder = new ProvisionRecorder();

    try {
      // Act
      await provisionTables(
        buildResourceCatalog(contactsTable('provision-new', true), 'provision-local', identity),
        slowClient,
        recorder,
      );
      const { Table } = await slowClient.send(
        new DescribeTableCommand({ TableName: 'provision-new' }),
      );
      await slowClient.send(
        new PutItemCommand({ TableName: 'provision-new', Item: { id: { S: 'c-1' } } }),
      );

      // Assess
      expect(Table?.TableStatus).toBe('ACTIVE');
      expect(recorder.created).toEqual(['ContactsTable']);
    } finally {
      slowClient.destroy();
      await new Promise((resolve) => slow.close(resolve));
    }
  });

  it('adds a newly declared index to an existing table, keeping every item, then changes nothing', async () => {
    // Prepare: the table as first declared, with more items than one batch write takes.
    await provision(false);
    const ids = Array.from({ length: 60 }, (_, index) => `c-${String(index)}`);
    for (let start = 0; start < ids.length; start += 25) {
      await dynamodb.send(
        new BatchWriteItemCommand({
          RequestItems: {
            'provision-contacts': ids.slice(start, start + 25).map((id, index) => ({
              PutRequest: {
                Item: {
                  id: { S: id },
                  audience: { S: (start + index) % 2 === 0 ? 'newsletter' : 'offers' },
                },
              },
            })),
          },
        }),
      );
    }

    // Act
    const added = await provision(true);
    const again = await provision(true);

    // Assess
    expect(added.updated).toEqual(['ContactsTable']);
    expect(added.notes).toEqual([
      'ContactsTable: table provision-contacts recreated with its 60 items to add index byAudience (dynalite cannot add an index to a table)',
    ]);
    expect(again.unchanged).toEqual(['ContactsTable']);
    const { Table } = await dynamodb.send(
      new DescribeTableCommand({ TableName: 'provision-contacts' }),
    );
    expect(Table?.GlobalSecondaryIndexes?.map(({ IndexName }) => IndexName)).toEqual([
      'byAudience',
    ]);
    const all = await dynamodb.send(new ScanCommand({ TableName: 'provision-contacts' }));
    expect(all.Items?.map((item) => item.id?.S).sort()).toEqual([...ids].sort());
    const newsletter = await dynamodb.send(
      new QueryCommand({
        TableName: 'provision-contacts',
        IndexName: 'byAudience',
        KeyConditionExpression: 'audience = :audience',
        ExpressionAttributeValues: { ':audience': { S: 'newsletter' } },
      }),
    );
    expect(newsletter.Items).toHaveLength(30);
  });

  it('refuses, touching nothing, when an item has an index key of another type than declared', async () => {
    // Prepare
    const TableName = 'provision-misfit';
    await provision(false, TableName);
    await dynamodb.send(
      new PutItemCommand({ TableName, Item: { id: { S: 'c-1' }, audience: { S: 'newsletter' } } }),
    );
    await dynamodb.send(
      new PutItemCommand({ TableName, Item: { id: { S: 'c-2' }, audience: { N: '7' } } }),
    );

    // Act
    const failure = await provision(true, TableName).then(
      () => undefined,
      (error: unknown) => error,
    );

    // Assess
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toContain(
      'table provision-misfit cannot take its new declaration locally, so it was left as it was: ',
    );
    expect((failure as Error).message).toMatch(/Type mismatch for Index Key/);
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName }));
    expect(Table?.GlobalSecondaryIndexes).toBeUndefined();
    const all = await dynamodb.send(new ScanCommand({ TableName }));
    expect(all.Items).toHaveLength(2);
    const { TableNames } = await dynamodb.send(new ListTablesCommand({}));
    expect(TableNames).not.toContain('provision-misfit.rebuild');
  });

  it('refuses, touching nothing, a new index whose key is not among the attribute definitions', async () => {
    // Prepare
    const TableName = 'provision-undefined-key';
    await provision(false, TableName);
    await dynamodb.send(new PutItemCommand({ TableName, Item: { id: { S: 'c-1' } } }));
    const declaration = contactsTable(TableName, true);
    declaration.ContactsTable.Properties.AttributeDefinitions = [
      { AttributeName: 'id', AttributeType: 'S' },
    ];

    // Act
    const failure = await provisionTables(
      buildResourceCatalog(declaration, 'provision-local', identity),
      dynamodb,
      new ProvisionRecorder(),
    ).then(
      () => undefined,
      (error: unknown) => error,
    );

    // Assess
    expect((failure as Error).message).toContain(
      'table provision-undefined-key cannot take its new declaration locally, so it was left as it was: ',
    );
    const all = await dynamodb.send(new ScanCommand({ TableName }));
    expect(all.Items).toEqual([{ id: { S: 'c-1' } }]);
    const { TableNames } = await dynamodb.send(new ListTablesCommand({}));
    expect(TableNames).not.toContain('provision-undefined-key.rebuild');
  });

  it('restores the items a rebuild interrupted after the table was deleted had left in the scratch table', async () => {
    // Prepare: what a crash leaves once the scratch table was filled and marked complete and the
    // table deleted: the scratch table, declared as now, and no table.
    const TableName = 'provision-interrupted';
    await provision(true, `${TableName}.rebuild`);
    await dynamodb.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [`${TableName}.rebuild`]: ['c-1', 'c-2', 'c-3'].map((id) => ({
            PutRequest: { Item: { id: { S: id }, audience: { S: 'newsletter' } } },
          })),
        },
      }),
    );
    await markComplete(`${TableName}.rebuild`);

    // Act
    const restored = await provision(true, TableName);

    // Assess
    expect(restored.notes).toEqual([
      `ContactsTable: table ${TableName} restored with its 3 items from ${TableName}.rebuild, left by a rebuild that was interrupted`,
    ]);
    expect(restored.unchanged).toEqual(['ContactsTable']);
    const all = await dynamodb.send(new ScanCommand({ TableName }));
    expect(all.Items?.map((item) => item.id?.S).sort()).toEqual(['c-1', 'c-2', 'c-3']);
    const { TableNames } = await dynamodb.send(new ListTablesCommand({}));
    expect(TableNames).not.toContain(`${TableName}.rebuild`);
  });

  it('drops a scratch table a rebuild left unfinished, and rebuilds from the intact table', async () => {
    // Prepare: a crash while the scratch table was being filled: the table intact, the scratch
    // table partial and not marked complete.
    const TableName = 'provision-half-copied';
    await provision(false, TableName);
    for (const id of ['c-1', 'c-2']) {
      await dynamodb.send(
        new PutItemCommand({ TableName, Item: { id: { S: id }, audience: { S: 'offers' } } }),
      );
    }
    await provision(true, `${TableName}.rebuild`);
    await dynamodb.send(
      new PutItemCommand({
        TableName: `${TableName}.rebuild`,
        Item: { id: { S: 'c-1' }, audience: { S: 'offers' } },
      }),
    );

    // Act
    const rebuilt = await provision(true, TableName);

    // Assess
    expect(rebuilt.notes).toEqual([
      `ContactsTable: table ${TableName} recreated with its 2 items to add index byAudience (dynalite cannot add an index to a table)`,
    ]);
    const all = await dynamodb.send(new ScanCommand({ TableName }));
    expect(all.Items?.map((item) => item.id?.S).sort()).toEqual(['c-1', 'c-2']);
    const { TableNames } = await dynamodb.send(new ListTablesCommand({}));
    expect(TableNames).not.toContain(`${TableName}.rebuild`);
  });

  it('keeps the scratch table when the items it holds do not fit the table as declared now', async () => {
    // Prepare: a complete scratch table whose item has an index key the declaration now types
    // differently, and no table.
    const TableName = 'provision-unrestorable';
    await dynamodb.send(
      new CreateTableCommand({
        TableName: `${TableName}.rebuild`,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      }),
    );
    await waitUntilTableExists(
      { client: dynamodb, minDelay: 1, maxDelay: 1, maxWaitTime: 30 },
      { TableName: `${TableName}.rebuild` },
    );
    await dynamodb.send(
      new PutItemCommand({
        TableName: `${TableName}.rebuild`,
        Item: { id: { S: 'c-1' }, audience: { N: '7' } },
      }),
    );
    await markComplete(`${TableName}.rebuild`);

    // Act
    const failure = await provision(true, TableName).then(
      () => undefined,
      (error: unknown) => error,
    );

    // Assess
    expect((failure as Error).message).toContain(
      `table ${TableName} was being rebuilt when a start stopped mid-way, and its items could not be written back from ${TableName}.rebuild, which keeps them: `,
    );
    const kept = await dynamodb.send(new ScanCommand({ TableName: `${TableName}.rebuild` }));
    expect(kept.Items).toEqual([{ id: { S: 'c-1' }, audience: { N: '7' } }]);
    await dynamodb.send(new DeleteTableCommand({ TableName: `${TableName}.rebuild` }));
  });
});
