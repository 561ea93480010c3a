import { boundedFetch } from './boundedFetch.ts';

/**
 * Invokes a function through serverless-offline's Lambda API, as `aws lambda invoke` would,
 * for example to run a scheduled function now instead of on the next minute.
 *
 * @example
 * ```ts
 * const result = await invokeFunction(checkout.lambdaPort, 'conveyor-checkout-local-republishUnpublished');
 * ```
 */
export const invokeFunction = async (
  lambdaPort: number,
  functionName: string,
  payload: unknown = {},
): Promise<unknown> => {
  const response = await boundedFetch(
    `http://127.0.0.1:${lambdaPort}/2015-03-31/functions/${functionName}/invocations`,
    { method: 'POST', body: JSON.stringify(payload) },
  );
  const text = await response.text();
  if (!response.ok)
    throw new Error(`Invoking ${functionName} failed with ${response.status}: ${text}`);
  return text === '' ? undefined : JSON.parse(text);
};
