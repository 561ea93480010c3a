import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type LocalCloud, localRegion } from '@conveyor/local-cloud';

/** Real AWS SDK v3 clients pointed at a local cloud. */
export interface AwsClients {
  readonly sqs: SQSClient;
  readonly sns: SNSClient;
  readonly s3: S3Client;
  readonly dynamo: DynamoDBClient;
  readonly documents: DynamoDBDocumentClient;
  readonly ses: SESv2Client;
  readonly destroy: () => void;
}

/**
 * Builds one client per service, pointed at `cloud`.
 *
 * @example
 * ```ts
 * const { sqs } = awsClients(cloud);
 * ```
 */
export const awsClients = (cloud: Pick<LocalCloud, 'endpoints'>): AwsClients => {
  const base = {
    region: localRegion,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
  const dynamo = new DynamoDBClient({ ...base, endpoint: cloud.endpoints.dynamodb });
  const clients = {
    sqs: new SQSClient({ ...base, endpoint: cloud.endpoints.sqs }),
    sns: new SNSClient({ ...base, endpoint: cloud.endpoints.sns }),
    s3: new S3Client({ ...base, endpoint: cloud.endpoints.s3, forcePathStyle: true }),
    dynamo,
    documents: DynamoDBDocumentClient.from(dynamo),
    ses: new SESv2Client({ ...base, endpoint: cloud.endpoints.sesv2 }),
  };
  return {
    ...clients,
    destroy: () => {
      for (const client of Object.values(clients)) client.destroy();
    },
  };
};
