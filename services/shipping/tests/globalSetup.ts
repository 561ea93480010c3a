// Starts an in-memory local cloud and shipping under serverless-offline once per test run.
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
    shippingUrl: string;
    shippingLambdaPort: number;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cloud = await startTestCloud();
  try {
    const shipping = await startOfflineService({ name: 'shipping', cloud });
    project.provide('cloudEndpoints', cloud.endpoints);
    project.provide('shippingUrl', shipping.httpUrl);
    project.provide('shippingLambdaPort', shipping.lambdaPort);
    return async () => {
      await shipping.stop();
      await cloud.stop();
    };
  } catch (error) {
    await cloud.stop();
    throw error;
  }
}
