import { resolve } from 'node:path';
import { defaultLocalCloudDataDir } from './localCloudEndpointsFor.ts';
import type { LocalCloud, LocalCloudOptions } from './startLocalCloud.ts';

/** The one line that says the local cloud is up, with every endpoint and where state lives. */
export const describeLocalCloud = (cloud: LocalCloud, options: LocalCloudOptions): string => {
  const { endpoints } = cloud;
  const state =
    options.inMemory === true ? 'in memory' : resolve(options.dataDir ?? defaultLocalCloudDataDir);
  return [
    `local cloud ready: sqs/sns/s3 ${endpoints.sqs}`,
    `dynamodb ${endpoints.dynamodb}`,
    `ses ${endpoints.sesv2}`,
    `inbox ${endpoints.inbox}`,
    `state ${state}`,
  ].join('  ');
};
