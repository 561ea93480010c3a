// POST /checkout and GET /orders through serverless-offline and the real local cloud.
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import {
  patience,
  readServiceLogs,
  tapTopic,
  type TopicTap,
  waitFor,
} from '@conveyor/service-testing';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import {
  checkoutUrl,
  getOrder,
  postCheckout,
  testContext,
  validRequest,
} from './support/checkoutApi.ts';

const { clients } = testContext();
let orderEvents: TopicTap;

beforeAll(async () => {
  orderEvents = await tapTopic(clients, 'conveyor-local-order-events.fifo');
});

type Problem = {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { pointer?: string; parameter?: string; header?: string; detail: string }[];
};

const expectProblem = (
  response: Awaited<ReturnType<typeof postCheckout>>,
  status: number,
): Problem => {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const problem = response.json as Problem;
  expect(problem.status).toBe(status);
  return problem;
};

describe('POST /checkout', () => {
  it('stores the order, publishes order.placed and answers 201 with its location', async () => {
    // Prepare
    const body = validRequest();

    // Act
    const response = await postCheckout(body);

    // Assess
    expect(response.status).toBe(201);
    const { orderId } = response.json as { orderId: string };
    expect(response.json).toEqual({
      orderId,
      status: 'PLACED',
      total: { amount: 2 * 2199 + 1350, currency: 'USD' },
    });
    expect(response.headers.get('location')).toBe(`/orders/${orderId}`);
    const events = await waitFor(
      async () => {
        const drained = (await orderEvents.drain()) as { aggregateId: string }[];
        return drained.some((event) => event.aggregateId === orderId) ? drained : undefined;
      },
      { description: 'order.placed on the order-events topic' },
    );
    expect(events.find((event) => event.aggregateId === orderId)).toMatchObject({
      eventType: 'order.placed',
      source: 'checkout',
      data: { total: 5748, currency: 'USD', customer: { customerId: 'cus-42' } },
    });
    const order = await getOrder(orderId);
    expect(order.status).toBe(200);
    expect(order.json).toMatchObject({
      orderId,
      status: 'PLACED',
      total: { amount: 5748, currency: 'USD' },
    });
    expect((order.json.timeline as unknown[]).length).toBe(1);
    // `npm run trace -- cus-42` lists the customer's orders from this line.
    const placed = await waitFor(
      async () =>
        (await readServiceLogs(inject('checkoutOutputUrl'))).find(
          (line) => line['message'] === 'Order placed' && line['orderId'] === orderId,
        ),
      { description: `checkout's "Order placed" line of ${orderId}` },
    );
    expect(placed).toMatchObject({
      customerId: 'cus-42',
      correlationId: expect.any(String) as unknown,
    });
    expect(JSON.stringify(placed)).not.toContain(body.customer.email);
  });

  it('answers 415 for another content type', async () => {
    // Act
    const response = await postCheckout(JSON.stringify(validRequest()), {
      'content-type': 'text/plain',
    });

    // Assess
    expect(expectProblem(response, 415).detail).toContain('text/plain');
  });

  it('answers 415 for a request with no Content-Type, as API Gateway passes it on', async () => {
    // Prepare: bytes, so that fetch adds no Content-Type either
    const body = new TextEncoder().encode(JSON.stringify(validRequest()));

    // Act
    const response = await postCheckout(body, {});

    // Assess
    expect(expectProblem(response, 415).detail).toBe(
      'Content-Type must be application/json, got none',
    );
  });

  it.each(['null', 'false', '0', '"hi"'])(
    'answers 400 naming the expected object for a body of JSON %s',
    async (body) => {
      // Act
      const response = await postCheckout(body);

      // Assess
      expect(expectProblem(response, 400)).toMatchObject({
        detail: 'The request body is invalid',
        errors: [
          {
            pointer: '',
            detail:
              'must be a JSON object with customer, lines, shippingAddress, currency and marketingOptIn',
          },
        ],
      });
    },
  );

  it('answers 400 saying so for an empty body', async () => {
    // Act
    const response = await postCheckout('');

    // Assess
    expect(expectProblem(response, 400).detail).toBe('The body is empty; send a JSON document');
  });

  it('answers 415 naming the encoding for a gzip Content-Encoding', async () => {
    // Act
    const response = await postCheckout(JSON.stringify(validRequest()), {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    });

    // Assess
    expect(expectProblem(response, 415).detail).toContain('"gzip"');
    expect(response.headers.get('accept-encoding')).toBe('identity');
  });

  it('answers 413 for a body over 64 KiB', async () => {
    // Prepare
    const body = JSON.stringify({ ...validRequest(), padding: 'x'.repeat(70 * 1024) });

    // Act
    const response = await postCheckout(body);

    // Assess
    expectProblem(response, 413);
  });

  it('answers 400 for malformed JSON', async () => {
    // Act
    const response = await postCheckout('{"customer": {');

    // Assess
    expect(expectProblem(response, 400).errors?.[0]?.pointer).toBe('');
  });

  it('answers 400, not 500, for a body nested thousands of levels deep', async () => {
    // Prepare: 24 kB, under the size limit; a recursive walk of it would overflow the stack.
    const body = `${'['.repeat(12_000)}${']'.repeat(12_000)}`;

    // Act
    const response = await postCheckout(body);

    // Assess
    expect(expectProblem(response, 400).detail).toBe('The body nests deeper than 32 levels');
  });

  it('answers 400 for a customer id that is an email address, which would be logged in full', async () => {
    // Prepare
    const customer = { id: 'ada@example.com', email: 'ada@example.com', name: 'Ada' };

    // Act
    const response = await postCheckout(validRequest({ customer }));

    // Assess
    expect(expectProblem(response, 400).errors).toEqual([
      {
        pointer: '/customer/id',
        detail:
          'must not be an email address: the id is logged and appears in URLs; send the address as customer.email',
      },
    ]);
  });

  it('answers 400 naming the characters of an address the shipping label cannot print', async () => {
    // Prepare
    const base = validRequest();
    const shippingAddress = { ...base.shippingAddress, name: 'Zoë 渡辺' };

    // Act
    const response = await postCheckout({ ...base, shippingAddress });

    // Assess
    expect(expectProblem(response, 400).errors).toEqual([
      {
        pointer: '/shippingAddress/name',
        detail:
          'has characters the shipping label cannot print: "渡" (U+6E21), "辺" (U+8FBA); write the address in Latin letters',
      },
    ]);
  });

  it('answers 400 with a pointer per problem: missing field, quantity, email, country', async () => {
    // Prepare
    const base = validRequest();
    const body = {
      ...base,
      customer: { id: 'cus-1', email: 'nope', name: 'Ada' },
      lines: [
        { sku: 'MUG-LOGO', quantity: 0 },
        { sku: 'TSHIRT-RED-M', quantity: 2.5 },
      ],
      shippingAddress: { ...base.shippingAddress, country: 'XX' },
      currency: undefined,
    };

    // Act
    const response = await postCheckout(body);

    // Assess
    const problem = expectProblem(response, 400);
    expect(problem.errors?.map((error) => error.pointer).toSorted()).toEqual([
      '/currency',
      '/customer/email',
      '/lines/0/quantity',
      '/lines/1/quantity',
      '/shippingAddress/country',
    ]);
  });

  it('answers 400 for more than 50 lines', async () => {
    // Prepare
    const lines = Array.from({ length: 51 }, (_, index) => ({ sku: `SKU-${index}`, quantity: 1 }));

    // Act
    const response = await postCheckout(validRequest({ lines }));

    // Assess
    expect(expectProblem(response, 400).errors).toEqual([
      { pointer: '/lines', detail: 'must have at most 50 lines' },
    ]);
  });

  it('answers 400, not 422, for a SKU the contract calls malformed, such as a lower-case one', async () => {
    // Prepare
    const lines = [
      { sku: 'MUG-LOGO', quantity: 1 },
      { sku: 'mug-logo', quantity: 1 },
    ];

    // Act
    const response = await postCheckout(validRequest({ lines }));

    // Assess
    const problem = expectProblem(response, 400);
    expect(problem.errors).toEqual([
      {
        pointer: '/lines/1/sku',
        detail:
          'expected 2 to 40 upper-case letters, digits or dashes, not starting with a dash, such as TSHIRT-RED-M',
      },
    ]);
  });

  it('answers 400 for a customer id with a space or an accented letter, which its events could not carry as their FIFO message group', async () => {
    // Prepare
    const customer = { id: 'Zoë Müller #1', email: 'zoe@example.com', name: 'Zoë Müller' };

    // Act
    const response = await postCheckout(validRequest({ customer }));

    // Assess
    const problem = expectProblem(response, 400);
    expect(problem.errors).toEqual([
      {
        pointer: '/customer/id',
        detail:
          'expected 1 to 128 letters, digits or ASCII punctuation, with no spaces, such as cus-42',
      },
    ]);
  });

  it('answers 422 listing every unknown SKU', async () => {
    // Prepare
    const lines = [
      { sku: 'MUG-LOGO', quantity: 1 },
      { sku: 'NOPE-1', quantity: 1 },
      { sku: 'NOPE-2', quantity: 3 },
    ];

    // Act
    const response = await postCheckout(validRequest({ lines }));

    // Assess
    const problem = expectProblem(response, 422);
    expect(problem.errors).toEqual([
      { pointer: '/lines/1/sku', detail: 'unknown SKU "NOPE-1"' },
      { pointer: '/lines/2/sku', detail: 'unknown SKU "NOPE-2"' },
    ]);
  });
});

describe('correlation id', () => {
  it("starts a fresh one per request, keeps a caller's valid one and replaces a junk one", async () => {
    // Act
    const first = await postCheckout(validRequest());
    const second = await postCheckout(validRequest());
    const given = await postCheckout(validRequest(), {
      'content-type': 'application/json',
      'x-correlation-id': 'client-trace-42',
    });
    const junk = await postCheckout(validRequest(), {
      'content-type': 'application/json',
      'x-correlation-id': 'has spaces and <tags>',
    });

    // Assess
    const ids = [first, second].map((response) => response.headers.get('x-correlation-id'));
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[1]).not.toBe(ids[0]);
    expect(given.headers.get('x-correlation-id')).toBe('client-trace-42');
    expect(junk.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers it on a refusal too, so the caller can name the attempt', async () => {
    // Act
    const refused = await postCheckout(validRequest({ lines: [{ sku: 'NOPE-9', quantity: 1 }] }), {
      'content-type': 'application/json',
      'x-correlation-id': 'client-trace-43',
    });

    // Assess
    expectProblem(refused, 422);
    expect(refused.headers.get('x-correlation-id')).toBe('client-trace-43');
  });
});

describe('Idempotency-Key', () => {
  it('replays the same response for the same key and body, with no second order or event', async () => {
    // Prepare
    await orderEvents.drain();
    const headers = { 'content-type': 'application/json', 'idempotency-key': `key-${Date.now()}` };

    // Act
    const first = await postCheckout(validRequest(), headers);
    const replay = await postCheckout(validRequest(), headers);

    // Assess
    expect(first.status).toBe(201);
    expect(replay.status).toBe(201);
    expect(replay.json).toEqual(first.json);
    // Checkout publishes before it answers: with both answers in, every event they caused is
    // on the tap.
    const events = await waitFor(
      async () => {
        const drained = await orderEvents.drain();
        return drained.length > 0 ? drained : undefined;
      },
      { description: 'the order.placed of the first request' },
    );
    const more = await orderEvents.drain();
    expect([...events, ...more]).toHaveLength(1);
  });

  it("takes the email in another case as the same request: the retry answers the first's order", async () => {
    // Prepare
    const headers = {
      'content-type': 'application/json',
      'idempotency-key': `key-case-${Date.now()}`,
    };
    const first = await postCheckout(validRequest(), headers);
    const customer = { id: 'cus-42', email: ' Grace.Hopper@Example.COM', name: 'Grace Hopper' };

    // Act
    const retry = await postCheckout(validRequest({ customer }), headers);

    // Assess
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.json).toEqual(first.json);
  });

  it('answers 422 when the key is reused with a different body', async () => {
    // Prepare
    const headers = {
      'content-type': 'application/json',
      'idempotency-key': `key-reuse-${Date.now()}`,
    };
    await postCheckout(validRequest(), headers);

    // Act
    const reused = await postCheckout(validRequest({ marketingOptIn: false }), headers);

    // Assess
    expectProblem(reused, 422);
  });

  it('answers 400 naming the header for two keys, sent as two headers, which API Gateway joins with a comma', async () => {
    // Prepare: fetch would join them itself; node:http sends one header line per value
    const key = `key-${randomUUID()}`;

    // Act
    const response = await new Promise<{ status: number; contentType: string; body: string }>(
      (resolve, reject) => {
        const request = httpRequest(
          `${checkoutUrl()}/checkout`,
          {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'Idempotency-Key': [key, 'key-b'] },
            // The bound boundedFetch gives every other request here.
            signal: AbortSignal.timeout(patience.request),
          },
          (answer) => {
            let body = '';
            answer.setEncoding('utf8');
            answer.on('data', (chunk: string) => (body += chunk));
            answer.on('end', () => {
              resolve({
                status: answer.statusCode ?? 0,
                contentType: answer.headers['content-type'] ?? '',
                body,
              });
            });
          },
        );
        request.on('error', reject);
        request.end(JSON.stringify(validRequest()));
      },
    );

    // Assess
    expect(response.status).toBe(400);
    expect(response.contentType).toBe('application/problem+json');
    expect((JSON.parse(response.body) as Problem).errors).toEqual([
      {
        header: 'Idempotency-Key',
        detail:
          'the Idempotency-Key has a comma: two keys, or the header sent twice (API Gateway joins repeated headers with a comma); send one key',
      },
    ]);
  });

  it('answers 400 naming the header for a key with a comma, which reads as two keys', async () => {
    // Prepare
    const headers = { 'content-type': 'application/json', 'idempotency-key': 'key-a,key-b' };

    // Act
    const response = await postCheckout(validRequest(), headers);

    // Assess
    expect(expectProblem(response, 400).errors).toEqual([
      {
        header: 'Idempotency-Key',
        detail:
          'the Idempotency-Key has a comma: two keys, or the header sent twice (API Gateway joins repeated headers with a comma); send one key',
      },
    ]);
  });

  it('does not burn the key on a 400: the corrected request places the order under it', async () => {
    // Prepare
    const headers = { 'content-type': 'application/json', 'idempotency-key': randomUUID() };
    const refused = await postCheckout(validRequest({ currency: 'XXX' }), headers);

    // Act
    const placed = await postCheckout(validRequest(), headers);
    const replay = await postCheckout(validRequest(), headers);

    // Assess
    expectProblem(refused, 400);
    expect(placed.status).toBe(201);
    expect(replay.json).toEqual(placed.json);
  });
});

describe('GET /orders/{orderId}', () => {
  it('answers 404 for an unknown order', async () => {
    // Act
    const response = await getOrder('9b2f4c1e-8d7a-4e6b-9c5d-1a2b3c4d5e6f');

    // Assess
    expect(response.status).toBe(404);
  });

  it('answers 400 for a malformed id', async () => {
    // Act
    const response = await getOrder('not-an-order-id');

    // Assess
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({
      status: 400,
      errors: [{ parameter: 'orderId', detail: 'malformed orderId "not-an-order-id"' }],
    });
  });
});
