// One persistent local cloud (a temporary directory, as npm start keeps state) and one email under
// serverless-offline for the whole run.
import { offlineServiceSetup } from '@conveyor/service-testing';

declare module 'vitest' {
  export interface ProvidedContext {
    emailUrl: string;
    emailLambdaPort: number;
  }
}

export default offlineServiceSetup('email');
