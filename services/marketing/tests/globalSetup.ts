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

// A consumer timeout of 5 s, not the local stage's 10: each queue's visibility is 6 × it, so a
// record that failed or timed out comes back after 30 s, not 60, and a dead-letter test waits
// half as long.
export const setup = offlineServiceSetup('marketing', {
  serveOutput: true,
  holdingProxies: true,
  params: { consumerTimeout: '5' },
});
