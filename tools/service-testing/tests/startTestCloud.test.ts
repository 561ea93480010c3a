import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CreateQueueCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { localCloudIam, localRegion } from '@conveyor/local-cloud';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startTestCloud, type TestCloud, testCloudStorageVariable } from '../src/index.ts';

let cloud: TestCloud | undefined;

afterEach(async () => {
  await cloud?.stop();
  cloud = undefined;
  vi.unstubAllEnvs();
});

const createQueue = async (endpoint: string, name: string): Promise<void> => {
  const sqs = new SQSClient({
    region: localRegion,
    endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    await sqs.send(new CreateQueueCommand({ QueueName: name }));
    await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
  } finally {
    sqs.destroy();
  }
};

describe('startTestCloud', () => {
  it('keeps a persistent cloud in a temporary directory, and removes it at stop', async () => {
    // Prepare
    cloud = await startTestCloud({ storage: 'persistent' });
    const { dataDir } = cloud;
    await createQueue(cloud.endpoints.sqs, 'written-to-disk');
    const databaseWhileRunning = existsSync(join(dataDir ?? '', 'fauxqs', 'fauxqs.db'));

    // Act
    await cloud.stop();

    // Assess
    expect(cloud.storage).toBe('persistent');
    expect(databaseWhileRunning).toBe(true);
    expect(dataDir === undefined ? true : existsSync(dataDir)).toBe(false);
  });

  it('keeps an in-memory cloud off the disk', async () => {
    // Act
    cloud = await startTestCloud({ storage: 'memory' });
    await createQueue(cloud.endpoints.sqs, 'in-memory');

    // Assess
    expect(cloud.storage).toBe('memory');
    expect(cloud.dataDir).toBeUndefined();
  });

  it.each(['memory', 'persistent'] as const)(
    'takes the storage from CONVEYOR_TEST_CLOUD_STORAGE=%s when none is given',
    async (storage) => {
      // Prepare
      vi.stubEnv(testCloudStorageVariable, storage);

      // Act
      cloud = await startTestCloud();

      // Assess
      expect(cloud.storage).toBe(storage);
    },
  );

  it('is in memory when neither the option nor the variable says otherwise', async () => {
    // Prepare
    vi.stubEnv(testCloudStorageVariable, undefined);

    // Act
    cloud = await startTestCloud();

    // Assess
    expect(cloud.storage).toBe('memory');
  });

  it('enforces IAM by default, as npm start does', async () => {
    // Act
    cloud = await startTestCloud({ storage: 'memory' });

    // Assess
    expect(cloud.iam).toBe(true);
    expect(await localCloudIam(cloud.endpoints.sqs).enforcing()).toBe(true);
  });

  it('enforces nothing with iam: false', async () => {
    // Act
    cloud = await startTestCloud({ storage: 'memory', iam: false });

    // Assess
    expect(cloud.iam).toBe(false);
    expect(await localCloudIam(cloud.endpoints.sqs).enforcing()).toBe(false);
  });
});
