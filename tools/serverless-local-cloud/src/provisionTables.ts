import {
  type AttributeDefinition,
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
  type LocalSecondaryIndex,
  ResourceNotFoundException,
  type TableDescription,
  UpdateTableCommand,
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
  // Adding an index is what CloudFormation would do; dynalite allows one per update.
  for (const index of missing) {
    await dynamodb.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: input.AttributeDefinitions,
        GlobalSecondaryIndexUpdates: [{ Create: index }],
      }),
    );
  }
  const declared = new Set((input.GlobalSecondaryIndexes ?? []).map(({ IndexName }) => IndexName));
  for (const name of existingIndexes) {
    if (!declared.has(name)) {
      recorder.note(
        `${entry.logicalId}: index ${String(name)} exists locally but is no longer declared; left in place`,
      );
    }
  }
  recorder.record(entry.logicalId, missing.length > 0 ? 'updated' : 'unchanged');
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
