// Starts an in-memory local cloud and the email service under serverless-offline once per test run.
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
    emailUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cloud = await startTestCloud();
  try {
    const email = await startOfflineService({ name: 'email', cloud });
    project.provide('cloudEndpoints', cloud.endpoints);
    project.provide('emailUrl', email.httpUrl);
    return async () => {
      await email.stop();
      await cloud.stop();
    };
  } catch (error) {
    await cloud.stop();
    throw error;
  }
}
