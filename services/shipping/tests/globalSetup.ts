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

// A consumer timeout of 10 s, not the local stage's 15: each queue's visibility is 6 × it, so a
// record that failed or timed out comes back after 60 s, not 90, and a dead-letter test waits
// a third less. Not 5 s like the others: a label's first render loads its PDF renderer.
export const setup = offlineServiceSetup('shipping', {
  serveOutput: true,
  holdingProxies: true,
  params: { consumerTimeout: '10' },
});
