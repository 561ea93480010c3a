// Starts the local stack as `npm start` runs it: one local cloud and every service under
// serverless-offline with the serverless-local-cloud plugin, here on free ports and in memory.
import {
  type OfflineService,
  startOfflineService,
  startTestCloud,
} from '@conveyor/service-testing';
import type { TestProject } from 'vitest/node';
import type { ConveyorEndpoints } from '../src/conveyorClient.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    conveyor: ConveyorEndpoints;
  }
}

const SERVICES = ['checkout', 'inventory', 'shipping', 'email', 'marketing'] as const;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cloud = await startTestCloud();
  const started: OfflineService[] = [];
  const stopAll = async () => {
    await Promise.all(started.map((service) => service.stop()));
    await cloud.stop();
  };
  try {
    // One at a time: five esbuild builds at once overload a two-core machine.
    for (const name of SERVICES) started.push(await startOfflineService({ name, cloud }));
  } catch (error) {
    await stopAll();
    throw error;
  }
  const url = (name: string) => started.find((service) => service.name === name)?.httpUrl ?? '';
  project.provide('conveyor', {
    checkout: url('checkout'),
    inventory: url('inventory'),
    shipping: url('shipping'),
    email: url('email'),
    marketing: url('marketing'),
    sesv2: cloud.endpoints.sesv2,
  });
  project.provide('cloudEndpoints', cloud.endpoints);
  return stopAll;
}
