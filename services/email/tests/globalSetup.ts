// One persistent local cloud (a temporary directory, as npm start keeps state) and one email under
// serverless-offline for the whole run, whose output the tests can read.
import { offlineServiceSetup } from '@conveyor/service-testing';

declare module 'vitest' {
  export interface ProvidedContext {
    emailUrl: string;
    emailLambdaPort: number;
    emailOutputUrl: string;
  }
}

export default offlineServiceSetup('email', { serveOutput: true });
