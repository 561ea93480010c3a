// One in-memory local cloud and one inventory under serverless-offline for the whole run: a
// second offline inventory would race the first for the same queue.
import type { LocalCloudEndpoints } from '@conveyor/local-cloud';
import { startOfflineService, startTestCloud } from '@conveyor/service-testing';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    cloudEndpoints: LocalCloudEndpoints;
    inventoryUrl: string;
  }
}

/** Vitest's global setup; the function it returns is the teardown. */
export const setup = async (project: TestProject): Promise<() => Promise<void>> => {
  const cloud = await startTestCloud();
  try {
    const inventory = await startOfflineService({ name: 'inventory', cloud });
    project.provide('cloudEndpoints', cloud.endpoints);
    project.provide('inventoryUrl', inventory.httpUrl);
    return async () => {
      await inventory.stop();
      await cloud.stop();
    };
  } catch (error) {
    await cloud.stop();
    throw error;
  }
};
