import { join } from 'node:path';
import type { LocalCloudPorts } from './localCloudPorts.ts';
import { loopbackHost } from './loopback.ts';
import { repoRoot } from './repoRoot.ts';

// Apart from startLocalCloud.ts so that what only needs the addresses (every service's
// serverless-offline, the supervisor) does not load the servers' packages.

/** Base URLs of the local services, for `AWS_ENDPOINT_URL_*` or a client's `endpoint`. */
export interface LocalCloudEndpoints {
  /** SQS (fauxqs), for example `http://127.0.0.1:4566`. */
  readonly sqs: string;
  /** SNS (fauxqs); the same server as `sqs`. */
  readonly sns: string;
  /** S3 (fauxqs); the same server as `sqs`. Path-style URLs work with an IP host. */
  readonly s3: string;
  /** DynamoDB (dynalite). */
  readonly dynamodb: string;
  /** SES v2 API (aws-ses-v2-local). */
  readonly sesv2: string;
  /** The web inbox showing every mail sent through `sesv2`; its JSON is at `${sesv2}/store`. */
  readonly inbox: string;
}

/** `<repo root>/.local/cloud`, found from this file's place in the repo (git-ignored). */
export const defaultLocalCloudDataDir = join(repoRoot, '.local', 'cloud');

/** The endpoints of a local cloud bound to these ports. */
export const localCloudEndpointsFor = (ports: LocalCloudPorts): LocalCloudEndpoints => {
  const url = (port: number): string => `http://${loopbackHost}:${port}`;
  return {
    sqs: url(ports.fauxqs),
    sns: url(ports.fauxqs),
    s3: url(ports.fauxqs),
    dynamodb: url(ports.dynamodb),
    sesv2: url(ports.ses),
    inbox: `${url(ports.ses)}/`,
  };
};
