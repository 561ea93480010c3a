import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { provisionBuckets } from './provisionBuckets.ts';
import { provisionQueuePolicies, provisionQueues } from './provisionQueues.ts';
import { ProvisionRecorder, type ProvisionReport } from './provisionReport.ts';
import { provisionTables } from './provisionTables.ts';
import { provisionTopicsAndSubscriptions } from './provisionTopicsAndSubscriptions.ts';
import type { LocalCloudIdentity, ResourceCatalog } from './resourceCatalog.ts';

/** SDK v3 clients pointed at the local cloud. */
export interface LocalCloudClients {
  readonly sqs: SQSClient;
  readonly sns: SNSClient;
  readonly dynamodb: DynamoDBClient;
  readonly s3: S3Client;
}

/**
 * Creates the catalogued resources in the local cloud, or brings existing ones up to date, and
 * reports what it did. Running it twice changes nothing the second time.
 */
export const provisionResources = async (
  catalog: ResourceCatalog,
  identity: LocalCloudIdentity,
  clients: LocalCloudClients,
): Promise<ProvisionReport> => {
  const recorder = new ProvisionRecorder();
  await provisionQueues(catalog, clients.sqs, recorder);
  await provisionQueuePolicies(catalog, clients.sqs, recorder);
  await provisionTopicsAndSubscriptions(catalog, identity, clients.sns, recorder);
  await provisionTables(catalog, clients.dynamodb, recorder);
  await provisionBuckets(catalog, clients.s3, recorder);
  return {
    created: recorder.created,
    updated: recorder.updated,
    unchanged: recorder.unchanged,
    ignored: catalog.ignored,
    notes: recorder.notes,
    details: recorder.details,
  };
};
