// The test side of holdingProxies.ts: hold requests of the service under test, then release them.
import { boundedFetch } from '@conveyor/service-testing';
import { inject } from 'vitest';
import type { HoldRule, HoldStatus } from './holdingProxies.ts';

const call = async (method: 'GET' | 'POST', path: string, body?: unknown): Promise<HoldStatus> => {
  const response = await boundedFetch(`${inject('checkoutFaultsUrl')}${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path} answered ${String(response.status)}`);
  return (await response.json()) as HoldStatus;
};

/** Holds back the service's next requests that match `rule` (replacing any earlier rule). */
export const holdRequests = (rule: HoldRule): Promise<HoldStatus> => call('POST', '/hold', rule);

/** How many requests are held, and how many released ones were answered. */
export const holdStatus = (): Promise<HoldStatus> => call('GET', '/status');

/** Sends every held request on to the local cloud, and holds nothing more. */
export const releaseHeldRequests = (): Promise<HoldStatus> => call('POST', '/release');
