// One persistent local cloud (a temporary directory, as npm start keeps state) and one checkout
// under serverless-offline for the whole run. Checkout reaches DynamoDB, SQS and SNS through
// pass-through proxies, so a test can make a dependency stall (support/holdingProxies.ts); the
// tests' own clients talk to the local cloud directly. The service's output is served for the
// tests that read its log lines.
import { serveText, startOfflineService, startTestCloud } from '@conveyor/service-testing';
import type { TestProject } from 'vitest/node';
import { startHoldingProxies } from './support/holdingProxies.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    checkoutUrl: string;
    checkoutLambdaPort: number;
    checkoutFaultsUrl: string;
    checkoutOutputUrl: string;
  }
}

export const setup = async (project: TestProject): Promise<() => Promise<void>> => {
  const cloud = await startTestCloud({ storage: 'persistent' });
  const proxies = await startHoldingProxies(cloud.ports).catch(async (error: unknown) => {
    await cloud.stop();
    throw error;
  });
  try {
    const service = await startOfflineService({
      name: 'checkout',
      cloud: { ...cloud, ports: { ...cloud.ports, ...proxies.ports } },
      // A consumer timeout of 5 s, not the local stage's 10: each queue's visibility is 6 × it,
      // so a record that failed or timed out comes back after 30 s, not 60.
      params: { consumerTimeout: '5' },
    });
    project.provide('cloudEndpoints', cloud.endpoints);
    project.provide('checkoutUrl', service.httpUrl);
    project.provide('checkoutLambdaPort', service.lambdaPort);
    project.provide('checkoutFaultsUrl', proxies.controlUrl);
    const output = await serveText(service.output);
    project.provide('checkoutOutputUrl', output.url);
    return async () => {
      await output.close();
      await service.stop();
      await proxies.stop();
      await cloud.stop();
    };
  } catch (error) {
    await proxies.stop();
    await cloud.stop();
    throw error;
  }
};
