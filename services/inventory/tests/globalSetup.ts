// One persistent local cloud (a temporary directory, as npm start keeps state) and one inventory under
// serverless-offline for the whole run, whose output the tests can read. Inventory reaches the
// local cloud through holding proxies, so a test can make a dependency stall.
import { offlineServiceSetup } from '@conveyor/service-testing';

declare module 'vitest' {
  export interface ProvidedContext {
    inventoryUrl: string;
    inventoryLambdaPort: number;
    inventoryOutputUrl: string;
    inventoryFaultsUrl: string;
  }
}

export const setup = offlineServiceSetup('inventory', { serveOutput: true, holdingProxies: true });
