// Starts an in-memory local cloud and checkout under serverless-offline once per test run.
import { startOfflineService, startTestCloud } from '@conveyor/service-testing';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    cloudEndpoints: {
      sqs: string;
      sns: string;
      s3: string;
      dynamodb: string;
      sesv2: string;
      inbox: string;
    };
    checkoutUrl: string;
    checkoutLambdaPort: number;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cloud = await startTestCloud();
  try {
    const checkout = await startOfflineService({ name: 'checkout', cloud });
    project.provide('cloudEndpoints', cloud.endpoints);
    project.provide('checkoutUrl', checkout.httpUrl);
    project.provide('checkoutLambdaPort', checkout.lambdaPort);
    return async () => {
      await checkout.stop();
      await cloud.stop();
    };
  } catch (error) {
    await cloud.stop();
    throw error;
  }
}
