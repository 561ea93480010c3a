import { boundedFetch } from './boundedFetch.ts';
import type { HoldRule, HoldStatus } from './holdingProxies.ts';

/** The test side of {@link startHoldingProxies}: hold a service's requests, then release them. */
export interface HoldingProxiesClient {
  /**
   * Holds back the service's next requests that match `rule`, or answers them with its `answer`
   * (replacing any earlier rule).
   */
  readonly holdRequests: (rule: HoldRule) => Promise<HoldStatus>;
  /** How many requests are held, how many released ones were answered, and how many refused. */
  readonly holdStatus: () => Promise<HoldStatus>;
  /** Sends every held request on to the local cloud, and holds or answers nothing more. */
  readonly releaseHeldRequests: () => Promise<HoldStatus>;
}

/**
 * A client of the holding proxies' control API at `controlUrl`.
 *
 * @example
 * ```ts
 * const faults = holdingProxiesClient(inject('shippingFaultsUrl'));
 * await faults.holdRequests({ upstream: 'fauxqs', contains: ['Action=Publish', orderId], count: 3 });
 * await faults.holdRequests({
 *   upstream: 'ses',
 *   contains: [recipient],
 *   count: 3,
 *   answer: { status: 400, headers: { 'x-amzn-errortype': 'MessageRejected' }, body: '{}' },
 * });
 * ```
 */
export const holdingProxiesClient = (controlUrl: string): HoldingProxiesClient => {
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const response = await boundedFetch(`${controlUrl}${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} ${path} answered ${String(response.status)}`);
    return (await response.json()) as HoldStatus;
  };
  return {
    holdRequests: (rule) => call('POST', '/hold', rule),
    holdStatus: () => call('GET', '/status'),
    releaseHeldRequests: () => call('POST', '/release'),
  };
};
