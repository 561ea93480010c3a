// The yardstick of `npm run bench:bundles`: a handler that only builds one SNS client at cold
// start, as small as a function that talks to AWS can be. Each function's bundle is compared with
// this one, built with the same esbuild settings and timed in the same run.
import { SNSClient } from '@aws-sdk/client-sns';

const sns = new SNSClient({});

/** Answers with the client's region, so that the client is used and kept. */
export const handler = async (): Promise<{ region: string }> => ({
  region: await sns.config.region(),
});
