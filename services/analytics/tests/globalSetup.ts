// One persistent local cloud (a temporary directory, as npm start keeps state) and one analytics
// under serverless-offline for the whole run, whose output the tests can read. Analytics reaches
// the local cloud through holding proxies, so a test can make a dependency stall.
import { offlineServiceSetup } from '@conveyor/service-testing';

declare module 'vitest' {
  export interface ProvidedContext {
    analyticsUrl: string;
    analyticsLambdaPort: number;
    analyticsOutputUrl: string;
    analyticsFaultsUrl: string;
  }
}

export const setup = offlineServiceSetup('analytics', { serveOutput: true, holdingProxies: true });
