import type { LocalCloudEndpoints } from '@conveyor/local-cloud';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { type HoldingProxies, startHoldingProxies } from './holdingProxies.ts';
import { serveInitFailures } from './initFailures.ts';
import { serveText } from './serveText.ts';
import {
  type OfflineService,
  type OfflineServiceOptions,
  startOfflineService,
} from './startOfflineService.ts';
import {
  startTestCloud,
  type TestCloudStorage,
  testCloudStorageFromEnv,
} from './startTestCloud.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The endpoints of the run's local cloud. */
    cloudEndpoints: LocalCloudEndpoints;
  }
}

/** Options of {@link offlineServiceSetup}. */
export interface OfflineServiceSetupOptions {
  /** Also serve the service's output on a loopback port, as `<name>OutputUrl`, for tests that read its logs. */
  readonly serveOutput?: boolean;
  /**
   * The local cloud's storage. Without it: `CONVEYOR_TEST_CLOUD_STORAGE`, else `persistent`,
   * as under the default `npm start`; the end-to-end suite runs in memory by default, so the
   * consumers' visibility, redrive and DLQ paths are tested in both modes.
   */
  readonly storage?: TestCloudStorage;
  /**
   * Put holding proxies between the service and the local cloud (its DynamoDB, SQS/SNS/S3 and
   * SES calls go through them), so a test can stall a chosen request and make a handler pass its
   * timeout, or answer one with an error; their control URL is provided as `<name>FaultsUrl`.
   */
  readonly holdingProxies?: boolean;
  /** Stage parameters over the `local` stage's, as `--param key=value`. */
  readonly params?: OfflineServiceOptions['params'];
}

/**
 * A Vitest global setup that starts one local cloud (persistent in a temporary directory unless
 * {@link OfflineServiceSetupOptions.storage} or `CONVEYOR_TEST_CLOUD_STORAGE` says `memory`) and
 * one service under serverless-offline for the whole test run (a second offline copy would
 * race the first for its queues), and provides `cloudEndpoints`, `<name>Url` and
 * `<name>LambdaPort` to the tests. Each service declares its own keys in `ProvidedContext`.
 *
 * @example
 * ```ts
 * // services/shipping/tests/globalSetup.ts (vitest.config.ts: `globalSetup: ['tests/globalSetup.ts']`)
 * export const setup = offlineServiceSetup('shipping');
 * ```
 */
export const offlineServiceSetup =
  (name: string, options: OfflineServiceSetupOptions = {}) =>
  async (project: TestProject): Promise<() => Promise<void>> => {
    // The keys are per service; the service's own ProvidedContext declaration types them.
    const provide = project.provide.bind(project) as (key: string, value: unknown) => void;
    const cloud = await startTestCloud({
      storage: options.storage ?? testCloudStorageFromEnv() ?? 'persistent',
    });
    let proxies: HoldingProxies | undefined;
    let service: OfflineService | undefined;
    const served: { close: () => Promise<void> }[] = [];
    // In reverse order of start; also what a start that fails half-way leaves running.
    const stopAll = async (): Promise<void> => {
      for (const server of served.reverse()) await server.close();
      await service?.stop();
      await proxies?.stop();
      await cloud.stop();
    };
    try {
      proxies =
        options.holdingProxies === true ? await startHoldingProxies(cloud.ports) : undefined;
      const ports = { ...cloud.ports, ...proxies?.ports };
      service = await startOfflineService({
        name,
        cloud: { ...cloud, ports },
        ...(options.params === undefined ? {} : { params: options.params }),
      });
      const output = options.serveOutput === true ? await serveText(service.output) : undefined;
      if (output !== undefined) served.push(output);
      // Before the tests' processes start, so that they inherit where to read them.
      served.push(await serveInitFailures(service.initFailures));
      provide('cloudEndpoints', cloud.endpoints);
      provide(`${name}Url`, service.httpUrl);
      provide(`${name}LambdaPort`, service.lambdaPort);
      if (output !== undefined) provide(`${name}OutputUrl`, output.url);
      if (proxies !== undefined) provide(`${name}FaultsUrl`, proxies.controlUrl);
      return stopAll;
    } catch (error) {
      await stopAll();
      throw error;
    }
  };
