import { createServer } from 'node:net';
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  InternalServerError,
  ProvisionedThroughputExceededException,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { capturedLogger } from '../tests/fixtures/captureLogs.ts';
import { httpEvent } from '../tests/fixtures/httpFixtures.ts';
import { lambdaContext } from '../tests/fixtures/lambdaFixtures.ts';
import { PermanentError, TransientError } from './errors.ts';
import { jsonResponse } from './http.ts';
import { makeHttpHandler, problemForError } from './makeHttpHandler.ts';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

class UnknownOrderError extends PermanentError {
  public override readonly name = 'UnknownOrderError';

  public constructor(orderId: string) {
    super(`Order ${orderId} does not exist`, { httpStatus: 404 });
  }
}

const problemOf = (response: { headers?: unknown; body: string }) => {
  expect(response.headers).toMatchObject({ 'content-type': 'application/problem+json' });
  return JSON.parse(response.body) as Record<string, unknown>;
};

describe('problemForError', () => {
  it('answers a domain error with its 4xx status and its message', () => {
    // Act
    const response = problemForError(new UnknownOrderError('ord-1'));

    // Assess
    expect(response.statusCode).toBe(404);
    expect(problemOf(response)).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'Order ord-1 does not exist',
    });
  });

  it('answers a retryable error without a status with 503 and retry-after, hiding its message', () => {
    // Act
    const response = problemForError(new TransientError('table conveyor-prod-stock throttled'));

    // Assess
    expect(response.statusCode).toBe(503);
    expect(response.headers).toEqual({
      'content-type': 'application/problem+json',
      'retry-after': '1',
    });
    expect(response.body).not.toContain('conveyor-prod-stock');
  });

  it.each([
    [
      'throttling',
      new ProvisionedThroughputExceededException({
        message: 'Rate of requests exceeds the allowed throughput on conveyor-prod-stock',
        $metadata: { httpStatusCode: 400 },
      }),
    ],
    [
      'a 500 from the service',
      new InternalServerError({
        message: 'Internal error on conveyor-prod-stock',
        $metadata: { httpStatusCode: 500 },
      }),
    ],
  ])(
    'answers an AWS call failed by %s with 503 and retry-after, hiding its message',
    (_, error) => {
      // Act
      const response = problemForError(error);

      // Assess
      expect(response.statusCode).toBe(503);
      expect(response.headers).toMatchObject({ 'retry-after': '1' });
      expect(problemOf(response)).toMatchObject({
        status: 503,
        detail: 'A temporary failure on the server; retry the request',
      });
    },
  );

  it('answers an AWS call whose connection was refused with 503 and retry-after', async () => {
    // Prepare: a loopback port nobody listens on any more.
    const server = createServer();
    const port = await new Promise<number>((resolve) => {
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        resolve(typeof address === 'object' && address !== null ? address.port : 0);
      });
    });
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
    const client = new DynamoDBClient({
      endpoint: `http://127.0.0.1:${String(port)}`,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    const failure = await client
      .send(new GetItemCommand({ TableName: 'stock', Key: { sku: { S: 'MUG' } } }))
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    client.destroy();

    // Act
    const response = problemForError(failure);

    // Assess
    expect(failure).toMatchObject({ code: 'ECONNREFUSED' });
    expect(response.statusCode).toBe(503);
    expect(response.headers).toMatchObject({ 'retry-after': '1' });
  });

  it.each([
    [
      'an AWS call refused for good',
      new ResourceNotFoundException({
        message: 'Requested resource not found: conveyor-prod-stock',
        $metadata: { httpStatusCode: 400 },
      }),
    ],
    [
      'a failed condition of an AWS call',
      new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        $metadata: { httpStatusCode: 400 },
      }),
    ],
    [
      'a refused connection that is no AWS call',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    ],
    ['an unknown error', new TypeError("Cannot read properties of undefined (reading 'sku')")],
    ['a permanent error without a status', new PermanentError('invariant broken in /var/task')],
    [
      'a domain error with a status that is no error',
      new PermanentError('odd', { httpStatus: 200 }),
    ],
    ['a thrown string', 'boom'],
  ])('answers %s with a generic 500', (_kind, error) => {
    // Act
    const response = problemForError(error);

    // Assess
    expect(response.statusCode).toBe(500);
    expect(problemOf(response)).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'The request failed on the server; it has been logged',
    });
  });
});

describe('makeHttpHandler', () => {
  it('returns what the handler answers, with a logger carrying the request id and route', async () => {
    // Prepare
    const { logger, lines } = capturedLogger();
    const handler = makeHttpHandler({
      logger,
      handle: async (_event, context) => {
        context.logger.info('handling');
        return Promise.resolve(jsonResponse(201, { ok: true }));
      },
    });

    // Act
    const response = await handler(httpEvent('{}'), lambdaContext());

    // Assess
    expect(response).toMatchObject({ statusCode: 201, body: '{"ok":true}' });
    expect(lines().find((line) => line.message === 'handling')).toMatchObject({
      requestId: 'req-1',
      route: 'POST /checkout',
    });
  });

  it('answers an unhandled error with 500 problem+json without stack or paths, and logs the stack', async () => {
    // Prepare
    const { logger, lines } = capturedLogger();
    const failure = new Error('ENOENT: no such file, open /var/task/data/catalogue.json');
    const handler = makeHttpHandler({
      logger,
      handle: async () => Promise.reject(failure),
    });

    const context = lambdaContext();

    // Act
    const response = await handler(httpEvent('{}'), context);

    // Assess
    expect(response.statusCode).toBe(500);
    expect(problemOf(response).detail).toBe('The request failed on the server; it has been logged');
    expect(response.body).not.toMatch(/var\/task|ENOENT|at /);
    const logged = lines().find((line) => line.message === 'Request failed: answered 500');
    expect(logged).toMatchObject({
      level: 'ERROR',
      status: 500,
      requestId: 'req-1',
      function_name: context.functionName,
      function_request_id: context.awsRequestId,
    });
    expect(JSON.stringify(logged?.error)).toContain('/var/task/data/catalogue.json');
  });

  it('answers a domain error thrown anywhere below the handler with its status', async () => {
    // Prepare
    const { logger, lines } = capturedLogger();
    const findOrder = async (orderId: string) => {
      await Promise.resolve();
      throw new UnknownOrderError(orderId);
    };
    const handler = makeHttpHandler({
      logger,
      handle: async () => jsonResponse(200, await findOrder('ord-9')),
    });

    // Act
    const response = await handler(httpEvent(undefined), lambdaContext());

    // Assess
    expect(response.statusCode).toBe(404);
    expect(problemOf(response).detail).toBe('Order ord-9 does not exist');
    expect(lines().find((line) => line.status === 404)).toMatchObject({
      level: 'INFO',
      message: 'Request refused: answered 404',
      reason: 'Order ord-9 does not exist',
    });
  });

  it('answers a transient failure with 503, logged as a warning', async () => {
    // Prepare
    const { logger, lines } = capturedLogger();
    const handler = makeHttpHandler({
      logger,
      handle: async () => Promise.reject(new TransientError('stock item changed concurrently')),
    });

    // Act
    const response = await handler(httpEvent('{}'), lambdaContext());

    // Assess
    expect(response.statusCode).toBe(503);
    expect(lines().find((line) => line.status === 503)).toMatchObject({ level: 'WARN' });
  });
});

describe('makeHttpHandler and correlation ids', () => {
  const correlated = (id: string) =>
    httpEvent('{}', { 'content-type': 'application/json', 'x-correlation-id': id });

  it("hands the handler the caller's correlation id, logs it on every line and answers it", async () => {
    // Prepare
    const { logger, lines } = capturedLogger();
    const seen: string[] = [];
    const handler = makeHttpHandler({
      logger,
      handle: async (_event, context) => {
        seen.push(context.correlationId);
        context.logger.info('handling');
        return Promise.resolve(jsonResponse(201, { ok: true }));
      },
    });

    // Act
    const response = await handler(correlated('corr-client-1'), lambdaContext());

    // Assess
    expect(seen).toEqual(['corr-client-1']);
    expect(response.headers).toMatchObject({ 'x-correlation-id': 'corr-client-1' });
    expect(lines().find((line) => line.message === 'handling')).toMatchObject({
      correlationId: 'corr-client-1',
    });
  });

  it("names the correlation id in a failure's line and in its 503 answer", async () => {
    // Prepare
    const { logger, lines } = capturedLogger();
    const handler = makeHttpHandler({
      logger,
      handle: async () =>
        Promise.reject(
          new InternalServerError({ message: 'down', $metadata: { httpStatusCode: 500 } }),
        ),
    });

    // Act
    const response = await handler(correlated('corr-client-2'), lambdaContext());

    // Assess
    expect(response.statusCode).toBe(503);
    expect(response.headers).toMatchObject({ 'x-correlation-id': 'corr-client-2' });
    expect(lines().find((line) => line.message === 'Request failed: answered 503')).toMatchObject({
      correlationId: 'corr-client-2',
    });
  });

  it("answers a fresh correlation id without one, and the handler's own when it sets one", async () => {
    // Prepare
    const { logger } = capturedLogger();
    const seen: string[] = [];
    const handler = (answered?: Record<string, string>) =>
      makeHttpHandler({
        logger,
        handle: async (_event, { correlationId }) => {
          seen.push(correlationId);
          return Promise.resolve(jsonResponse(200, {}, answered));
        },
      });

    // Act
    const fresh = await handler()(httpEvent('{}'), lambdaContext());
    const own = await handler({ 'x-correlation-id': 'corr-of-the-order' })(
      correlated('corr-retry'),
      lambdaContext(),
    );
    const capitalized = await handler({ 'X-Correlation-Id': 'corr-of-the-order' })(
      correlated('corr-retry'),
      lambdaContext(),
    );

    // Assess
    expect(fresh.headers?.['x-correlation-id']).toBe(seen[0]);
    expect(seen[0]).toMatch(/^[\da-f-]{36}$/);
    expect(own.headers?.['x-correlation-id']).toBe('corr-of-the-order');
    expect(capitalized.headers).toEqual({
      'content-type': 'application/json',
      'X-Correlation-Id': 'corr-of-the-order',
    });
  });
});

describe('makeHttpHandler and AWS failures', () => {
  it('answers an AWS call throttled after its retries with 503, logged as an error', async () => {
    // Prepare
    const { logger, lines } = capturedLogger();
    const handler = makeHttpHandler({
      logger,
      handle: async () =>
        Promise.reject(
          new ProvisionedThroughputExceededException({
            message: 'Rate of requests exceeds the allowed throughput',
            $metadata: { httpStatusCode: 400 },
          }),
        ),
    });

    // Act
    const response = await handler(httpEvent('{}'), lambdaContext());

    // Assess
    expect(response.statusCode).toBe(503);
    expect(lines().find((line) => line.status === 503)).toMatchObject({ level: 'ERROR' });
  });
});

describe('makeHttpHandler in an on-demand execution environment', () => {
  it('logs cold_start true on the first request only', async () => {
    // Prepare
    vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
    const { logger, lines } = capturedLogger();
    const handler = makeHttpHandler({
      logger,
      handle: async (_event, { logger: requestLogger }) => {
        requestLogger.info('answered');
        return Promise.resolve(jsonResponse(200, {}));
      },
    });

    // Act
    await handler(httpEvent('{}'), lambdaContext());
    await handler(httpEvent('{}'), lambdaContext());

    // Assess
    expect(
      lines()
        .filter((line) => line.message === 'answered')
        .map((line) => line.cold_start),
    ).toEqual([true, false]);
  });
});
