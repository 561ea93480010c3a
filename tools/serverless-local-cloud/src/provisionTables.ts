import {
  type AttributeDefinition,
  type AttributeValue,
  BatchWriteItemCommand,
  CreateTableCommand,
  type CreateTableCommandInput,
  DeleteTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
  type LocalSecondaryIndex,
  paginateScan,
  ResourceNotFoundException,
  type TableDescription,
  type WriteRequest,
  waitUntilTableExists,
  waitUntilTableNotExists,
} from '@aws-sdk/client-dynamodb';
import { ProvisioningError } from './errors.ts';
import { provisioning, type ProvisionRecorder } from './provisionReport.ts';
import { resolveIntrinsics } from './resolveIntrinsics.ts';
import { type CatalogEntry, type ResourceCatalog, ResourceTypes } from './resourceCatalog.ts';

const handledProperties = new Set([
  'TableName',
  'AttributeDefinitions',
  'KeySchema',
  'BillingMode',
  'ProvisionedThroughput',
  'GlobalSecondaryIndexes',
  'LocalSecondaryIndexes',
  'TimeToLiveSpecification',
  'StreamSpecification',
  'Tags',
]);

const describe = async (
  dynamodb: DynamoDBClient,
  tableName: string,
): Promise<TableDescription | undefined> => {
  try {
    return (await dynamodb.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) {
      return undefined;
    }
    throw error;
  }
};

const keyText = (keys: readonly KeySchemaElement[] | undefined): string =>
  (keys ?? [])
    .map(({ AttributeName, KeyType }) => `${String(AttributeName)}:${String(KeyType)}`)
    .join(',');

// CloudFormation's table properties have the API's shape; a few are optional there only.
const createInput = (
  tableName: string,
  properties: Readonly<Record<string, unknown>>,
): CreateTableCommandInput => {
  const billingMode =
    (properties['BillingMode'] as 'PAY_PER_REQUEST' | 'PROVISIONED' | undefined) ?? 'PROVISIONED';
  const throughput = { ReadCapacityUnits: 1, WriteCapacityUnits: 1 };
  const withThroughput = <T extends { ProvisionedThroughput?: unknown }>(index: T): T =>
    billingMode === 'PROVISIONED' && index.ProvisionedThroughput === undefined
      ? { ...index, ProvisionedThroughput: throughput }
      : index;
  const gsis = properties['GlobalSecondaryIndexes'] as GlobalSecondaryIndex[] | undefined;
  const lsis = properties['LocalSecondaryIndexes'] as LocalSecondaryIndex[] | undefined;
  return {
    TableName: tableName,
    AttributeDefinitions: properties['AttributeDefinitions'] as AttributeDefinition[],
    KeySchema: properties['KeySchema'] as KeySchemaElement[],
    BillingMode: billingMode,
    ...(billingMode === 'PROVISIONED'
      ? {
          ProvisionedThroughput:
            (properties['ProvisionedThroughput'] as typeof throughput | undefined) ?? throughput,
        }
      : {}),
    ...(gsis === undefined ? {} : { GlobalSecondaryIndexes: gsis.map(withThroughput) }),
    ...(lsis === undefined ? {} : { LocalSecondaryIndexes: lsis }),
  };
};

const provisionTable = async (
  entry: CatalogEntry,
  catalog: ResourceCatalog,
  dynamodb: DynamoDBClient,
  recorder: ProvisionRecorder,
): Promise<void> => {
  const path = `Resources.${entry.logicalId}.Properties`;
  const properties = resolveIntrinsics(entry.properties, catalog.context, path) as Readonly<
    Record<string, unknown>
  >;
  const tableName = catalog.nameOf(entry.logicalId);
  const input = createInput(tableName, properties);
  if (!Array.isArray(input.KeySchema) || !Array.isArray(input.AttributeDefinitions)) {
    throw new ProvisioningError(`${path} needs KeySchema and AttributeDefinitions`);
  }
  const ttl = properties['TimeToLiveSpecification'] as
    { AttributeName?: string; Enabled?: boolean | string } | undefined;
  if (ttl !== undefined && String(ttl.Enabled) === 'true') {
    // dynalite has no UpdateTimeToLive (LOCAL-STACK-FACTS.md): items never expire locally.
    recorder.note(
      `${entry.logicalId}: TTL on ${String(ttl.AttributeName)} is not enforced locally (dynalite has no UpdateTimeToLive); items do not expire`,
    );
  }
  if (properties['StreamSpecification'] !== undefined) {
    recorder.note(`${entry.logicalId}: streams are not available locally (dynalite)`);
  }
  for (const key of Object.keys(properties)) {
    if (!handledProperties.has(key)) {
      recorder.notApplied(entry.logicalId, key);
    }
  }

  const existing = await describe(dynamodb, tableName);
  if (existing === undefined) {
    await dynamodb.send(new CreateTableCommand(input));
    recorder.record(entry.logicalId, 'created');
    return;
  }
  if (keyText(existing.KeySchema) !== keyText(input.KeySchema)) {
    throw new ProvisioningError(
      `${path}: table ${tableName} exists locally with key ${keyText(existing.KeySchema)}, not ${keyText(input.KeySchema)}; delete it (or the local cloud's data) to recreate it`,
    );
  }
  const existingIndexes = new Set(
    (existing.GlobalSecondaryIndexes ?? []).map(({ IndexName }) => IndexName),
  );
  const missing = (input.GlobalSecondaryIndexes ?? []).filter(
    ({ IndexName }) => !existingIndexes.has(IndexName),
  );
  if (missing.length > 0) {
    const count = await recreateWithItems(dynamodb, input);
    recorder.note(
      `${entry.logicalId}: table ${tableName} recreated with its ${String(count)} items to add index ${missing.map(({ IndexName }) => String(IndexName)).join(', ')} (dynalite cannot add an index to a table)`,
    );
    recorder.record(entry.logicalId, 'updated');
    return;
  }
  const declared = new Set((input.GlobalSecondaryIndexes ?? []).map(({ IndexName }) => IndexName));
  for (const name of existingIndexes) {
    if (!declared.has(name)) {
      recorder.note(
        `${entry.logicalId}: index ${String(name)} exists locally but is no longer declared; left in place`,
      );
    }
  }
  recorder.record(entry.logicalId, 'unchanged');
};

const tableWait = { minDelay: 1, maxDelay: 1, maxWaitTime: 30 };
// BatchWriteItem takes at most 25 items.
const batchSize = 25;

/**
 * The first item an index key of the table would refuse (AWS leaves such an item out of the
 * index; written back here, it would fail and be lost), described, or undefined.
 */
const misfitItem = (
  items: readonly Record<string, AttributeValue>[],
  input: CreateTableCommandInput,
): string | undefined => {
  const types = new Map(
    (input.AttributeDefinitions ?? []).map(({ AttributeName, AttributeType }) => [
      AttributeName,
      AttributeType,
    ]),
  );
  const keyNames = new Set(
    (input.GlobalSecondaryIndexes ?? []).flatMap(({ KeySchema }) =>
      (KeySchema ?? []).map(({ AttributeName }) => AttributeName),
    ),
  );
  for (const item of items) {
    for (const name of keyNames) {
      const value = name === undefined ? undefined : item[name];
      const expected = types.get(name);
      if (value === undefined || expected === undefined) continue;
      const actual = Object.keys(value)[0];
      if (actual !== expected) {
        const key = (input.KeySchema ?? [])
          .map(
            ({ AttributeName }) =>
              `${String(AttributeName)}=${JSON.stringify(item[String(AttributeName)])}`,
          )
          .join(', ');
        return `the item ${key} has ${String(name)} of type ${String(actual)}, the index key needs ${expected}`;
      }
    }
  }
  return undefined;
};

/**
 * Adds indexes to an existing table as AWS does (the items stay, the index is backfilled), the
 * one way dynalite allows: its UpdateTable applies throughput and billing changes only, and
 * refuses or ignores `GlobalSecondaryIndexUpdates.Create`. Reads every item, recreates the
 * table as declared, writes the items back; returns how many. It refuses, before deleting
 * anything, when an item could not be written back. The items are held in memory meanwhile: a
 * local table, read and written back in seconds.
 */
const recreateWithItems = async (
  dynamodb: DynamoDBClient,
  input: CreateTableCommandInput,
): Promise<number> => {
  const TableName = input.TableName;
  const items: Record<string, AttributeValue>[] = [];
  for await (const page of paginateScan(
    { client: dynamodb },
    { TableName, ConsistentRead: true },
  )) {
    items.push(...(page.Items ?? []));
  }
  const misfit = misfitItem(items, input);
  if (misfit !== undefined) {
    throw new ProvisioningError(
      `table ${String(TableName)} cannot take its new index locally: ${misfit}. Fix or delete that item, or delete the table (or the local cloud's data) to recreate it`,
    );
  }
  await dynamodb.send(new DeleteTableCommand({ TableName }));
  await waitUntilTableNotExists({ client: dynamodb, ...tableWait }, { TableName });
  await dynamodb.send(new CreateTableCommand(input));
  await waitUntilTableExists({ client: dynamodb, ...tableWait }, { TableName });
  for (let start = 0; start < items.length; start += batchSize) {
    let requests: WriteRequest[] = items
      .slice(start, start + batchSize)
      .map((Item) => ({ PutRequest: { Item } }));
    while (requests.length > 0) {
      const { UnprocessedItems } = await dynamodb.send(
        new BatchWriteItemCommand({ RequestItems: { [String(TableName)]: requests } }),
      );
      requests = UnprocessedItems?.[String(TableName)] ?? [];
    }
  }
  return items.length;
};

/** Creates the template's DynamoDB tables (keys, indexes); TTL and streams are noted no-ops. */
export const provisionTables = async (
  catalog: ResourceCatalog,
  dynamodb: DynamoDBClient,
  recorder: ProvisionRecorder,
): Promise<void> => {
  for (const entry of catalog.entries.filter(({ type }) => type === ResourceTypes.table)) {
    await provisioning(entry.logicalId, entry.type, () =>
      provisionTable(entry, catalog, dynamodb, recorder),
    );
  }
};
