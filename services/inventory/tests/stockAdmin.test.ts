// The stock admin HTTP API under serverless-offline: RFC 9457 problem details for every refusal.
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '@conveyor/service-testing';
import {
  getStock,
  publishOrderPlaced,
  putStock,
  putStockRaw,
  testClients,
  uniqueSku,
} from './support/inventoryTestContext.ts';
import { orderPlaced } from './support/orderPlaced.ts';

const clients = testClients();

afterAll(() => {
  clients.destroy();
});

const problem = 'application/problem+json';

describe('PUT /inventory/items/{sku}', () => {
  it('creates a stock item with 201, then sets it with 200', async () => {
    // Prepare
    const sku = uniqueSku('NEW');

    // Act
    const created = await putStock(sku, 7);
    const updated = await putStock(sku, 9);

    // Assess
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/inventory/items/${sku}`);
    expect(created.json).toEqual({ sku, onHand: 7, reserved: 0, available: 7 });
    expect(updated.status).toBe(200);
    expect(updated.json).toEqual({ sku, onHand: 9, reserved: 0, available: 9 });
  });

  it('answers 415 to a body that is not JSON', async () => {
    // Prepare
    const sku = uniqueSku('CT');

    // Act
    const response = await putStockRaw(sku, 'onHand=5', { 'content-type': 'text/plain' });

    // Assess
    expect(response.status).toBe(415);
    expect(response.contentType).toBe(problem);
    expect(response.json).toMatchObject({ status: 415, title: 'Unsupported Media Type' });
    expect((await getStock(sku)).status).toBe(404);
  });

  it('answers 413 to a body over 64 KiB', async () => {
    // Prepare
    const body = JSON.stringify({ onHand: 1, padding: 'x'.repeat(70_000) });

    // Act
    const response = await putStockRaw(uniqueSku('BIG'), body);

    // Assess
    expect(response.status).toBe(413);
    expect(response.contentType).toBe(problem);
    expect(response.json).toMatchObject({ status: 413, title: 'Content Too Large' });
  });

  it('answers 400 to malformed JSON', async () => {
    // Prepare
    const body = '{"onHand": 5';

    // Act
    const response = await putStockRaw(uniqueSku('JSON'), body);

    // Assess
    expect(response.status).toBe(400);
    expect(response.contentType).toBe(problem);
    expect(response.json).toMatchObject({
      status: 400,
      detail: 'The body is not valid JSON',
      errors: [{ pointer: '' }],
    });
  });

  it('answers 400 with one JSON pointer per problem in the body', async () => {
    // Prepare
    const sku = uniqueSku('FIELDS');

    // Act
    const wrong = await putStockRaw(sku, JSON.stringify({ onHand: 2.5, extra: true }));
    const missing = await putStockRaw(sku, '{}');
    const tooMany = await putStockRaw(sku, JSON.stringify({ onHand: 1_000_001 }));

    // Assess
    expect(wrong.status).toBe(400);
    expect(wrong.contentType).toBe(problem);
    expect(wrong.json['errors']).toEqual([
      { pointer: '/onHand', detail: 'must be an integer from 0 to 1000000' },
      { pointer: '/extra', detail: 'unexpected field "extra"' },
    ]);
    expect(missing.json['errors']).toEqual([
      { pointer: '/onHand', detail: 'required number is missing' },
    ]);
    expect(tooMany.json['errors']).toEqual([
      { pointer: '/onHand', detail: 'must be an integer from 0 to 1000000' },
    ]);
    expect((await getStock(sku)).status).toBe(404);
  });

  it('answers 400 to a malformed SKU', async () => {
    // Prepare
    const sku = 'mug-logo';

    // Act
    const response = await putStock(sku, 5);

    // Assess
    expect(response.status).toBe(400);
    expect(response.contentType).toBe(problem);
    expect(response.json).toMatchObject({
      status: 400,
      errors: [
        { parameter: 'sku', detail: expect.stringMatching(/^malformed SKU "mug-logo"/) as unknown },
      ],
    });
  });

  it('answers 409 to an on-hand count below what is reserved, and accepts one at it', async () => {
    // Prepare: 3 of 5 units reserved by an order.
    const sku = uniqueSku('HELD');
    await putStock(sku, 5);
    await publishOrderPlaced(clients, orderPlaced([[sku, 3]]));
    await waitFor(async () => ((await getStock(sku)).json['reserved'] === 3 ? true : undefined), {
      description: `3 units of ${sku} reserved`,
    });

    // Act
    const refused = await putStock(sku, 2);
    const accepted = await putStock(sku, 3);

    // Assess
    expect(refused.status).toBe(409);
    expect(refused.contentType).toBe(problem);
    expect(refused.json).toMatchObject({
      status: 409,
      title: 'Conflict',
      errors: [{ pointer: '/onHand', detail: 'must be at least 3, the units reserved' }],
    });
    expect(accepted.status).toBe(200);
    expect(accepted.json).toEqual({ sku, onHand: 3, reserved: 3, available: 0 });
  });
});

describe('GET /inventory/items/{sku}', () => {
  it('answers 404 to an unknown SKU', async () => {
    // Prepare
    const sku = uniqueSku('UNKNOWN');

    // Act
    const response = await getStock(sku);

    // Assess
    expect(response.status).toBe(404);
    expect(response.contentType).toBe(problem);
    expect(response.json).toMatchObject({ status: 404, detail: `No stock item ${sku}` });
  });

  it('answers 400 to a malformed SKU', async () => {
    // Prepare
    const sku = 'NO_UNDERSCORES';

    // Act
    const response = await getStock(sku);

    // Assess
    expect(response.status).toBe(400);
    expect(response.contentType).toBe(problem);
  });
});
