// One persistent local cloud (a temporary directory, as npm start keeps state) and one marketing under
// serverless-offline for the whole run, whose output the tests can read. Marketing reaches the
// local cloud through holding proxies, so a test can make a dependency stall.
import { offlineServiceSetup } from '@conveyor/service-testing';

declare module 'vitest' {
  export interface ProvidedContext {
    marketingUrl: string;
    marketingLambdaPort: number;
    marketingOutputUrl: string;
    marketingFaultsUrl: string;
  }
}

export const setup = offlineServiceSetup('marketing', { serveOutput: true, holdingProxies: true });
