// Starts the local stack as `npm start` runs it: one local cloud and every service under
// serverless-offline with the serverless-local-cloud plugin, here on free ports and in memory,
// enforcing IAM: the run passing proves every role grants what its function uses. At the end it
// prints, per function, the grants its role holds that the run never used.
import { basename, join } from 'node:path';
import { discoverServices, localCloudIam } from '@conveyor/local-cloud';
import {
  type OfflineService,
  repoRoot,
  serveInitFailures,
  startOfflineService,
  startTestCloud,
} from '@conveyor/service-testing';
import type { TestProject } from 'vitest/node';
import type { ConveyorEndpoints } from '../src/conveyorClient.ts';
import {
  formatLeastPrivilegeReport,
  readLeastPrivilegeReport,
} from '../src/leastPrivilegeReport.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    conveyor: ConveyorEndpoints;
  }
}

// Every service npm start runs, a generated one included: the flow's tests read every queue of
// the topology.
const SERVICES = discoverServices(join(repoRoot, 'services')).map((service) =>
  basename(service.dir),
);

export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cloud = await startTestCloud();
  const started: OfflineService[] = [];
  const stopAll = async () => {
    // Before anything stops, while the local cloud still holds the run's decisions.
    if (cloud.iam) {
      const report = await readLeastPrivilegeReport(localCloudIam(cloud.endpoints.sqs)).catch(
        (error: unknown) => `(no least-privilege report: ${String(error)})`,
      );
      console.log(typeof report === 'string' ? report : formatLeastPrivilegeReport(report));
    }
    await Promise.all(started.map((service) => service.stop()));
    await cloud.stop();
  };
  let initFailures: Awaited<ReturnType<typeof serveInitFailures>>;
  try {
    // One at a time: six esbuild builds at once overload a two-core machine.
    for (const name of SERVICES) started.push(await startOfflineService({ name, cloud }));
    // Before the tests' processes start, so that they inherit where to read them.
    initFailures = await serveInitFailures(() =>
      started.flatMap((service) => service.initFailures()),
    );
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
    analytics: url('analytics'),
    sesv2: cloud.endpoints.sesv2,
  });
  project.provide('cloudEndpoints', cloud.endpoints);
  return async () => {
    await initFailures.close();
    await stopAll();
  };
}
