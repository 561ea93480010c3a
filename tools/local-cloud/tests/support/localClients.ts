import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { type LocalCloudEndpoints, localRegion } from '../../src/index.ts';

/** Real SDK v3 clients pointed at a local cloud, as a service would build them. */
export interface LocalClients {
  readonly sqs: SQSClient;
  readonly sns: SNSClient;
  readonly s3: S3Client;
  readonly dynamodb: DynamoDBClient;
  readonly ses: SESv2Client;
  destroy(): void;
}

/** Credentials to sign with; the local shared ones (an administrator's) by default. */
export interface ClientCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export const localClients = (
  endpoints: LocalCloudEndpoints,
  credentials: ClientCredentials = { accessKeyId: 'local', secretAccessKey: 'local' },
): LocalClients => {
  const common = {
    region: localRegion,
    credentials: { ...credentials },
  };
  const clients = {
    sqs: new SQSClient({ ...common, endpoint: endpoints.sqs }),
    sns: new SNSClient({ ...common, endpoint: endpoints.sns }),
    s3: new S3Client({ ...common, endpoint: endpoints.s3 }),
    dynamodb: new DynamoDBClient({ ...common, endpoint: endpoints.dynamodb }),
    ses: new SESv2Client({ ...common, endpoint: endpoints.sesv2 }),
  };
  return {
    ...clients,
    destroy: () => {
      for (const client of Object.values(clients)) client.destroy();
    },
  };
};
