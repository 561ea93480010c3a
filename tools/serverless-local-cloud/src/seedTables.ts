import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { LocalCloudPluginError } from './errors.ts';
import { type ResourceCatalog, ResourceTypes } from './resourceCatalog.ts';
import { isRecord } from './isRecord.ts';

/** One `custom.localCloud.seed` entry: a table's logical id and a JSON file of items. */
export interface SeedSpec {
  readonly table: string;
  readonly file: string;
}

/** What seeding did, per table. */
export interface SeedResult {
  readonly table: string;
  readonly inserted: number;
  readonly existing: number;
}

/**
 * Reads `custom.localCloud.seed` (absent means no seeding). Every mistake is an error naming
 * the entry, never a silent skip.
 */
export const readSeedSpecs = (
  custom: Readonly<Record<string, unknown>> | undefined,
): SeedSpec[] => {
  const localCloud = custom?.['localCloud'];
  if (localCloud === undefined) return [];
  const seed = isRecord(localCloud) ? localCloud['seed'] : undefined;
  if (seed === undefined) return [];
  if (!Array.isArray(seed)) {
    throw new LocalCloudPluginError('custom.localCloud.seed must be a list of { table, file }');
  }
  return seed.map((entry: unknown, index) => {
    if (
      !isRecord(entry) ||
      typeof entry['table'] !== 'string' ||
      typeof entry['file'] !== 'string'
    ) {
      throw new LocalCloudPluginError(
        `custom.localCloud.seed[${index}] must have a table (a table's logical id) and a file (a JSON list of items)`,
      );
    }
    return { table: entry['table'], file: entry['file'] };
  });
};

const hashKeyOf = (properties: Readonly<Record<string, unknown>>): string | undefined => {
  const keySchema = properties['KeySchema'];
  if (!Array.isArray(keySchema)) return undefined;
  const hash = (keySchema as unknown[]).find((key) => isRecord(key) && key['KeyType'] === 'HASH');
  return isRecord(hash) && typeof hash['AttributeName'] === 'string'
    ? hash['AttributeName']
    : undefined;
};

/**
 * Puts each seed file's items into its table, only where an item with that key does not exist
 * yet: a restart keeps what the local system changed since (stock sold, for example), and
 * seeding twice changes nothing.
 */
export const seedTables = async (
  specs: readonly SeedSpec[],
  catalog: ResourceCatalog,
  serviceDir: string,
  dynamodb: DynamoDBClient,
): Promise<SeedResult[]> => {
  const results: SeedResult[] = [];
  for (const [index, spec] of specs.entries()) {
    const where = `custom.localCloud.seed[${index}]`;
    const entry = catalog.entries.find((candidate) => candidate.logicalId === spec.table);
    if (entry?.type !== ResourceTypes.table) {
      throw new LocalCloudPluginError(
        `${where}: ${spec.table} is not an AWS::DynamoDB::Table of this service`,
      );
    }
    const hashKey = hashKeyOf(entry.properties);
    if (hashKey === undefined) {
      throw new LocalCloudPluginError(`${where}: ${spec.table} has no HASH key in its KeySchema`);
    }
    const path = isAbsolute(spec.file) ? spec.file : join(serviceDir, spec.file);
    let items: unknown;
    try {
      items = JSON.parse(await readFile(path, 'utf8'));
    } catch (error) {
      throw new LocalCloudPluginError(
        `${where}: cannot read ${spec.file} as JSON (${(error as Error).message})`,
      );
    }
    if (!Array.isArray(items) || !items.every(isRecord)) {
      throw new LocalCloudPluginError(`${where}: ${spec.file} must hold a JSON list of items`);
    }
    const tableName = catalog.nameOf(spec.table);
    let inserted = 0;
    for (const [itemIndex, item] of items.entries()) {
      if (item[hashKey] === undefined) {
        throw new LocalCloudPluginError(
          `${where}: item ${itemIndex} of ${spec.file} has no ${hashKey}`,
        );
      }
      try {
        await dynamodb.send(
          new PutItemCommand({
            TableName: tableName,
            Item: marshall(item, { removeUndefinedValues: true }),
            ConditionExpression: 'attribute_not_exists(#key)',
            ExpressionAttributeNames: { '#key': hashKey },
          }),
        );
        inserted += 1;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
    results.push({ table: spec.table, inserted, existing: items.length - inserted });
  }
  return results;
};
