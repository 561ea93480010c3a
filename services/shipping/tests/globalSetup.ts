// One persistent local cloud (a temporary directory, as npm start keeps state) and one shipping under
// serverless-offline for the whole run.
import { offlineServiceSetup } from '@conveyor/service-testing';

declare module 'vitest' {
  export interface ProvidedContext {
    shippingUrl: string;
    shippingLambdaPort: number;
  }
}

export default offlineServiceSetup('shipping');
