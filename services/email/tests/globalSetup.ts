// One persistent local cloud (a temporary directory, as npm start keeps state) and one email under
// serverless-offline for the whole run, whose output the tests can read. Email reaches DynamoDB
// and SQS through holding proxies, so a test can make a dependency stall.
import { offlineServiceSetup } from '@conveyor/service-testing';

declare module 'vitest' {
  export interface ProvidedContext {
    emailUrl: string;
    emailLambdaPort: number;
    emailOutputUrl: string;
    emailFaultsUrl: string;
  }
}

export const setup = offlineServiceSetup('email', { serveOutput: true, holdingProxies: true });
