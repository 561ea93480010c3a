// One persistent local cloud (a temporary directory, as npm start keeps state) and one inventory under
// serverless-offline for the whole run, whose output the tests can read.
import { offlineServiceSetup } from '@conveyor/service-testing';

declare module 'vitest' {
  export interface ProvidedContext {
    inventoryUrl: string;
    inventoryLambdaPort: number;
    inventoryOutputUrl: string;
  }
}

export default offlineServiceSetup('inventory', { serveOutput: true });
