import { randomUUID } from 'node:crypto';
import { localAccountId, localRegion } from '@conveyor/local-cloud';
import { awsClients, boundedFetch } from '@conveyor/service-testing';
import { inject } from 'vitest';

export const checkoutUrl = (): string => inject('checkoutUrl');

/** The clients and names a checkout test needs, against the run's local cloud. */
export const testContext = () => {
  const topicArn = (name: string) =>
    `arn:aws:sns:${localRegion}:${localAccountId}:conveyor-local-${name}`;
  return { clients: awsClients({ endpoints: inject('cloudEndpoints') }), topicArn };
};

export const validRequest = (overrides: Record<string, unknown> = {}) => ({
  customer: { id: 'cus-42', email: 'grace.hopper@example.com', name: 'Grace Hopper' },
  lines: [
    { sku: 'TSHIRT-RED-M', quantity: 2 },
    { sku: 'MUG-LOGO', quantity: 1 },
  ],
  shippingAddress: {
    name: 'Grace Hopper',
    line1: '1 Navy Way',
    city: 'Arlington',
    postalCode: '22202',
    country: 'US',
  },
  currency: 'USD',
  marketingOptIn: true,
  ...overrides,
});

export const postCheckout = async (
  body: unknown,
  headers: Record<string, string> = { 'content-type': 'application/json' },
  signal?: AbortSignal,
): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> => {
  const response = await boundedFetch(`${checkoutUrl()}/checkout`, {
    method: 'POST',
    headers,
    // A string or bytes go as they are; fetch gives bytes no Content-Type of its own.
    body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
    ...(signal === undefined ? {} : { signal }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    json: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
  };
};

export const getOrder = async (
  orderId: string,
): Promise<{ status: number; json: Record<string, unknown> }> => {
  const response = await boundedFetch(`${checkoutUrl()}/orders/${orderId}`);
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
};

/** A registration with an email and a name no other test uses. */
export const validRegistration = (overrides: Record<string, unknown> = {}) => {
  const unique = randomUUID().slice(0, 8);
  return {
    name: `Grace Hopper ${unique}`,
    email: `grace.${unique}@example.com`,
    marketingOptIn: true,
    ...overrides,
  };
};

export const postCustomer = async (
  body: unknown,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> => {
  const response = await boundedFetch(`${checkoutUrl()}/customers`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    json: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
  };
};
