// One persistent local cloud (a temporary directory, as npm start keeps state) and one marketing under
// serverless-offline for the whole run.
import { offlineServiceSetup } from '@conveyor/service-testing';

declare module 'vitest' {
  export interface ProvidedContext {
    marketingUrl: string;
    marketingLambdaPort: number;
    marketingOutputUrl: string;
  }
}

export default offlineServiceSetup('marketing', { serveOutput: true });
