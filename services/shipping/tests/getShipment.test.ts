// GET /shipments/{orderId} through serverless-offline and the real local cloud.
import { randomUUID } from 'node:crypto';
import { boundedFetch } from '@conveyor/service-testing';
import { describe, expect, it } from 'vitest';
import {
  getShipment,
  LABELS_BUCKET,
  publishReserved,
  readLabel,
  reservedEvent,
  waitForShipment,
} from './support/shippingApi.ts';

describe('GET /shipments/{orderId}', () => {
  it('answers the shipment with a short-lived label URL that downloads the PDF, and no customer data', async () => {
    // Prepare
    const orderId = randomUUID();
    const reserved = reservedEvent(orderId);
    await publishReserved(reserved);
    await waitForShipment(orderId);

    // Act
    const asked = Date.now();
    const response = await getShipment(orderId);
    const answered = Date.now();

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = response.json as { labelUrl: string; labelUrlExpiresAt: string; labelKey: string };
    expect(Object.keys(body).toSorted()).toEqual(
      [
        'carrier',
        'createdAt',
        'estimatedDelivery',
        'labelKey',
        'labelUrl',
        'labelUrlExpiresAt',
        'orderId',
        'service',
        'shipmentId',
        'status',
        'trackingNumber',
      ].toSorted(),
    );
    const serialised = JSON.stringify(body);
    expect(serialised).not.toContain(reserved.data.customer.email);
    expect(serialised).not.toContain(reserved.data.shippingAddress.line1);
    const url = new URL(body.labelUrl);
    // Path-style against the local cloud's IP endpoint (here the holding proxy in front of it,
    // see globalSetup.ts), with no forcePathStyle in the code.
    expect(url.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(url.pathname).toBe(`/${LABELS_BUCKET}/${body.labelKey}`);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    // Signed while the request ran, for 300 s.
    const expiresAt = Date.parse(body.labelUrlExpiresAt);
    expect(expiresAt).toBeGreaterThanOrEqual(asked + 300_000);
    expect(expiresAt).toBeLessThanOrEqual(answered + 300_000);
    const download = await boundedFetch(body.labelUrl);
    expect(download.status).toBe(200);
    const bytes = new Uint8Array(await download.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    expect(bytes).toEqual(await readLabel(body.labelKey));
    // The signature is checked: one changed character, and the same URL is refused.
    const tampered = new URL(body.labelUrl);
    const signature = tampered.searchParams.get('X-Amz-Signature') ?? '';
    tampered.searchParams.set(
      'X-Amz-Signature',
      `${signature.startsWith('0') ? '1' : '0'}${signature.slice(1)}`,
    );
    expect((await boundedFetch(tampered.href)).status).toBe(403);
  });

  it('answers 404 problem details for an order without a shipment', async () => {
    // Act
    const response = await getShipment(randomUUID());

    // Assess
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.json).toMatchObject({ status: 404, title: 'Not Found' });
  });

  it.each([
    ['punctuation', 'not_an%20id!'],
    ['a dot segment', '..%2F..%2Fetc'],
    ['more than 128 characters', 'a'.repeat(129)],
  ])('answers 400 problem details for an id with %s', async (_name, orderId) => {
    // Act
    const response = await getShipment(orderId);

    // Assess
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.json).toMatchObject({ status: 400, errors: [{ parameter: 'orderId' }] });
  });
});
