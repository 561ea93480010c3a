// One persistent local cloud (a temporary directory, as npm start keeps state) and one shipping under
// serverless-offline for the whole run, whose output the tests can read. Shipping reaches the
// local cloud through holding proxies, so a test can make a dependency stall.
import { offlineServiceSetup } from '@conveyor/service-testing';

declare module 'vitest' {
  export interface ProvidedContext {
    shippingUrl: string;
    shippingLambdaPort: number;
    shippingOutputUrl: string;
    shippingFaultsUrl: string;
  }
}

export const setup = offlineServiceSetup('shipping', { serveOutput: true, holdingProxies: true });
