import {
  type AttributeDefinition,
  type AttributeValue,
  BatchWriteItemCommand,
  CreateTableCommand,
  type CreateTableCommandInput,
  DeleteTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ListTagsOfResourceCommand,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
  type LocalSecondaryIndex,
  paginateScan,
  ResourceNotFoundException,
  type TableDescription,
  TagResourceCommand,
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

  await finishInterruptedRebuild(dynamodb, input, entry.logicalId, recorder);
  const existing = await describe(dynamodb, tableName);
  if (existing === undefined) {
    // A new table is CREATING for a moment, and the seeds or a function's first write would be
    // refused until it is ACTIVE.
    await createTable(dynamodb, input);
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
  const declared = new Set((input.GlobalSecondaryIndexes ?? []).map(({ IndexName }) => IndexName));
  const undeclared = [...existingIndexes].filter((name) => !declared.has(name));
  if (missing.length > 0) {
    const count = await recreateWithItems(dynamodb, input);
    recorder.note(
      `${entry.logicalId}: table ${tableName} recreated with its ${itemCount(count)} to add index ${missing.map(({ IndexName }) => String(IndexName)).join(', ')} (dynalite cannot add an index to a table)${undeclared.length > 0 ? `; index ${undeclared.map(String).join(', ')}, no longer declared, dropped` : ''}`,
    );
    recorder.record(entry.logicalId, 'updated');
    return;
  }
  for (const name of undeclared) {
    recorder.note(
      `${entry.logicalId}: index ${String(name)} exists locally but is no longer declared; left in place`,
    );
  }
  recorder.record(entry.logicalId, 'unchanged');
};

const tableWait = { minDelay: 1, maxDelay: 1, maxWaitTime: 30 };
// BatchWriteItem takes at most 25 items; a scan page of as many keeps each step small.
const batchSize = 25;
const maxBatchAttempts = 10;

const readAllItems = async (
  dynamodb: DynamoDBClient,
  TableName: string,
): Promise<Record<string, AttributeValue>[]> => {
  const items: Record<string, AttributeValue>[] = [];
  for await (const page of paginateScan(
    { client: dynamodb, pageSize: batchSize },
    { TableName, ConsistentRead: true },
  )) {
    items.push(...(page.Items ?? []));
  }
  return items;
};

const createTable = async (
  dynamodb: DynamoDBClient,
  input: CreateTableCommandInput,
): Promise<TableDescription | undefined> => {
  const { TableDescription } = await dynamodb.send(new CreateTableCommand(input));
  await waitUntilTableExists(
    { client: dynamodb, ...tableWait },
    { TableName: String(input.TableName) },
  );
  return TableDescription;
};

const deleteTable = async (dynamodb: DynamoDBClient, TableName: string): Promise<void> => {
  await dynamodb.send(new DeleteTableCommand({ TableName }));
  await waitUntilTableNotExists({ client: dynamodb, ...tableWait }, { TableName });
};

const deleteTableIfExists = async (dynamodb: DynamoDBClient, TableName: string): Promise<void> => {
  if ((await describe(dynamodb, TableName)) !== undefined) {
    await deleteTable(dynamodb, TableName);
  }
};

const itemCount = (count: number): string => `${String(count)} item${count === 1 ? '' : 's'}`;

const scratchNameOf = (tableName: string): string => `${tableName}.rebuild`;

// Set on the scratch table once it holds every item: from then on it, not the table, is the copy
// to trust, and a start after a crash restores from it (finishInterruptedRebuild).
const completeTag = { Key: 'conveyor:rebuild', Value: 'complete' } as const;

const writeAllItems = async (
  dynamodb: DynamoDBClient,
  TableName: string,
  items: readonly Record<string, AttributeValue>[],
): Promise<void> => {
  for (let start = 0; start < items.length; start += batchSize) {
    let requests: WriteRequest[] = items
      .slice(start, start + batchSize)
      .map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 1; requests.length > 0; attempt += 1) {
      if (attempt > maxBatchAttempts) {
        throw new ProvisioningError(
          `${String(requests.length)} items of ${TableName} stayed unprocessed after ${String(maxBatchAttempts)} batch writes`,
        );
      }
      const { UnprocessedItems } = await dynamodb.send(
        new BatchWriteItemCommand({ RequestItems: { [TableName]: requests } }),
      );
      requests = UnprocessedItems?.[TableName] ?? [];
    }
  }
};

/**
 * Adds indexes to an existing table as AWS does (the items stay, the index is backfilled), the
 * one way dynalite allows: its UpdateTable applies throughput and billing changes only, and
 * refuses or ignores `GlobalSecondaryIndexUpdates.Create`. The items go first into a scratch
 * table created as declared: a declaration dynalite refuses, or an item it would not take back
 * (an index key of another type), fails there, with the table untouched. Then the scratch
 * table is marked complete, the table recreated as declared and the items written back, and the
 * scratch table, which holds them until then, is deleted. Returns how many items there were.
 */
const recreateWithItems = async (
  dynamodb: DynamoDBClient,
  input: CreateTableCommandInput,
): Promise<number> => {
  const tableName = String(input.TableName);
  const scratchName = scratchNameOf(tableName);
  const items = await readAllItems(dynamodb, tableName);
  // No scratch table is left here: finishInterruptedRebuild ran first.
  try {
    const scratch = await createTable(dynamodb, { ...input, TableName: scratchName });
    await writeAllItems(dynamodb, scratchName, items);
    await dynamodb.send(
      new TagResourceCommand({ ResourceArn: String(scratch?.TableArn), Tags: [completeTag] }),
    );
  } catch (error) {
    await deleteTableIfExists(dynamodb, scratchName);
    const reason = error instanceof Error ? error.message : String(error);
    throw new ProvisioningError(
      `table ${tableName} cannot take its new declaration locally, so it was left as it was: ${reason}`,
      { cause: error },
    );
  }
  await deleteTable(dynamodb, tableName);
  await createTable(dynamodb, input);
  await writeAllItems(dynamodb, tableName, items);
  await deleteTable(dynamodb, scratchName);
  return items.length;
};

/**
 * A start after a crash in {@link recreateWithItems}: a scratch table marked complete holds every
 * item while the table may be gone or half written, so its items are written to the table (as
 * declared now, created if missing) before the scratch table goes. An unmarked scratch table was
 * still being filled from the intact table, and is only deleted.
 */
const finishInterruptedRebuild = async (
  dynamodb: DynamoDBClient,
  input: CreateTableCommandInput,
  logicalId: string,
  recorder: ProvisionRecorder,
): Promise<void> => {
  const tableName = String(input.TableName);
  const scratchName = scratchNameOf(tableName);
  const scratch = await describe(dynamodb, scratchName);
  if (scratch === undefined) return;
  const { Tags } = await dynamodb.send(
    new ListTagsOfResourceCommand({ ResourceArn: String(scratch.TableArn) }),
  );
  const complete = (Tags ?? []).some(
    ({ Key, Value }) => Key === completeTag.Key && Value === completeTag.Value,
  );
  if (complete) {
    const items = await readAllItems(dynamodb, scratchName);
    try {
      if ((await describe(dynamodb, tableName)) === undefined) {
        await createTable(dynamodb, input);
      }
      await writeAllItems(dynamodb, tableName, items);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ProvisioningError(
        `table ${tableName} was being rebuilt when a start stopped mid-way, and its items could not be written back from ${scratchName}, which keeps them: ${reason}`,
        { cause: error },
      );
    }
    recorder.note(
      `${logicalId}: table ${tableName} restored with its ${itemCount(items.length)} from ${scratchName}, left by a rebuild that was interrupted`,
    );
  }
  await deleteTable(dynamodb, scratchName);
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
