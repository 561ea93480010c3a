import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { LocalCloudEndpoints } from '@conveyor/local-cloud';
import { localRegion } from '@conveyor/local-cloud';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/** SDK v3 clients for a test's local cloud. */
export const localClients = (
  endpoints: LocalCloudEndpoints,
): { sqs: SQSClient; sns: SNSClient; dynamodb: DynamoDBClient } => ({
  sqs: new SQSClient({ region: localRegion, endpoint: endpoints.sqs, credentials }),
  sns: new SNSClient({ region: localRegion, endpoint: endpoints.sns, credentials }),
  dynamodb: new DynamoDBClient({ region: localRegion, endpoint: endpoints.dynamodb, credentials }),
});

/** The URL the plugin gives a fixture queue (see LocalCloudIdentity.sqsEndpoint). */
export const fixtureQueueUrl = (
  endpoints: LocalCloudEndpoints,
  name: string,
  stage = 'test',
): string => `${endpoints.sqs}/000000000000/slc-fixture-${stage}-${name}`;
