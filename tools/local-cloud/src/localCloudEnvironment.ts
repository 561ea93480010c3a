import { localSharedSecret } from './iam/functionIdentity.ts';
import { localRegion } from './localAccount.ts';
import type { LocalCloudEndpoints } from './localCloudEndpointsFor.ts';

/**
 * Environment that points unmodified AWS SDK v3 clients at the local cloud: one
 * `AWS_ENDPOINT_URL_<SERVICE>` per service, the local region, and the local shared credentials
 * (an administrator's: with IAM enforced, only the functions' own credentials are checked).
 *
 * @example
 * ```ts
 * spawn('npx', ['sls', 'offline'], { env: { ...process.env, ...localCloudEnvironment(cloud.endpoints) } });
 * ```
 */
export const localCloudEnvironment = (endpoints: LocalCloudEndpoints): Record<string, string> => ({
  AWS_ENDPOINT_URL_SQS: endpoints.sqs,
  AWS_ENDPOINT_URL_SNS: endpoints.sns,
  AWS_ENDPOINT_URL_S3: endpoints.s3,
  AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
  AWS_ENDPOINT_URL_SESV2: endpoints.sesv2,
  AWS_REGION: localRegion,
  AWS_DEFAULT_REGION: localRegion,
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: localSharedSecret,
});
