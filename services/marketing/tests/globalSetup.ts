// Starts an in-memory local cloud and marketing under serverless-offline once per test run, and
// serves the service's output on a loopback port: the batching test counts invocations in it.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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
    marketingUrl: string;
    marketingOutputUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cloud = await startTestCloud();
  try {
    const marketing = await startOfflineService({ name: 'marketing', cloud });
    // Test files run in workers; the offline process's output lives here, so hand it over HTTP.
    const outputServer = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(marketing.output());
    });
    await new Promise<void>((resolve) => outputServer.listen(0, '127.0.0.1', resolve));
    const { port } = outputServer.address() as AddressInfo;
    project.provide('cloudEndpoints', cloud.endpoints);
    project.provide('marketingUrl', marketing.httpUrl);
    project.provide('marketingOutputUrl', `http://127.0.0.1:${port}`);
    return async () => {
      await new Promise<void>((resolve) => {
        outputServer.close(() => {
          resolve();
        });
      });
      await marketing.stop();
      await cloud.stop();
    };
  } catch (error) {
    await cloud.stop();
    throw error;
  }
}
