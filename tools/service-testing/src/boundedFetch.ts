import { patience } from './patience.ts';

// Statuses a Response may not be built with a body for.
const nullBodyStatuses = new Set([101, 103, 204, 205, 304]);

/**
 * `fetch` with a safety net: a request that gets no answer within {@link patience.request}
 * (body included) fails naming itself, rather than leaving the test to Vitest's own bound.
 * A caller's `signal` still aborts it.
 *
 * @example
 * ```ts
 * const response = await boundedFetch(`${url}/orders/${orderId}`);
 * ```
 */
export const boundedFetch = async (
  url: string | URL,
  init: RequestInit = {},
): Promise<Response> => {
  const bound = AbortSignal.timeout(patience.request);
  const signal = init.signal == null ? bound : AbortSignal.any([init.signal, bound]);
  const request = `${init.method ?? 'GET'} ${String(url)}`;
  const noAnswer = (error: unknown): Error =>
    new Error(`${request} got no answer within ${patience.request} ms`, { cause: error });
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal });
  } catch (error) {
    throw bound.aborted ? noAnswer(error) : error;
  }
  // Read the body under the same bound, so that a body that never ends is reported too.
  let body: ArrayBuffer;
  try {
    body = await response.arrayBuffer();
  } catch (error) {
    throw bound.aborted ? noAnswer(error) : error;
  }
  return new Response(nullBodyStatuses.has(response.status) ? null : body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
};
