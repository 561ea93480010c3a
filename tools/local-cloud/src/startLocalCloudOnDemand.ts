import type { LocalCloud, LocalCloudOptions } from './startLocalCloud.ts';

/**
 * Starts SQS, SNS and S3 (fauxqs), DynamoDB (dynalite) and SES v2 (aws-ses-v2-local) in this
 * process, each bound to 127.0.0.1 only. State persists under `dataDir` unless `inMemory`. With
 * `iam`, each public port is served by the enforcement layer in front of its server.
 * Fails with `PortInUseError` naming the port and service when a port is taken, and starts
 * nothing in that case.
 *
 * The servers' packages load on the first call: most importers of this package (every service's
 * serverless-offline among them) only need its addresses and IAM client, and loading fauxqs,
 * dynalite, aws-ses-v2-local and the IAM simulator cost each of them about 1 s and 90 MiB.
 *
 * @example
 * ```ts
 * const cloud = await startLocalCloud({ inMemory: true, ports: { fauxqs: 0, dynamodb: 0, ses: 0 } });
 * const sqs = new SQSClient({ endpoint: cloud.endpoints.sqs, region: localRegion });
 * await cloud.stop();
 * ```
 */
export const startLocalCloud = async (options: LocalCloudOptions = {}): Promise<LocalCloud> => {
  const { startLocalCloud: start } = await import('./startLocalCloud.ts');
  return start(options);
};
