// One in-memory local cloud and one checkout under serverless-offline for the whole run.
import { offlineServiceSetup } from '@conveyor/service-testing';

declare module 'vitest' {
  export interface ProvidedContext {
    checkoutUrl: string;
    checkoutLambdaPort: number;
  }
}

export default offlineServiceSetup('checkout');
