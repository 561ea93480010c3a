// The Idempotency-Key guard on the real local DynamoDB (dynalite).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonResponse, makeIdempotencyKeyGuard } from '../src/index.ts';
import { httpEvent } from './fixtures/httpFixtures.ts';
import { lambdaContext } from './fixtures/lambdaFixtures.ts';
import { createIdempotencyTable, startDynalite } from './fixtures/localServers.ts';

let dynamo: Awaited<ReturnType<typeof startDynalite>>;
let tables = 0;

beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.stop();
});

const freshGuard = async (expiresAfterSeconds?: number) => {
  tables += 1;
  const tableName = `keys-${tables}`;
  await createIdempotencyTable(dynamo.client, tableName);
  let runs = 0;
  const guard = makeIdempotencyKeyGuard({
    tableName,
    client: dynamo.client,
    keyPrefix: 'test.post',
    ...(expiresAfterSeconds === undefined ? {} : { expiresAfterSeconds }),
  });
  const handle = async () => {
    runs += 1;
    return Promise.resolve(jsonResponse(201, { run: runs }));
  };
  return { guard, handle, runs: () => runs };
};

const withKey = (key: string, body: string) =>
  httpEvent(body, { 'content-type': 'application/json', 'Idempotency-Key': key });

describe('makeIdempotencyKeyGuard', () => {
  it('replays the stored response for the same key and body without running again', async () => {
    // Prepare
    const { guard, handle, runs } = await freshGuard();

    // Act
    const first = await guard(withKey('k-1', '{"a":1}'), lambdaContext(), handle);
    const replay = await guard(withKey('k-1', '{"a":1}'), lambdaContext(), handle);

    // Assess
    expect(replay).toEqual(first);
    expect(JSON.parse(first.body)).toEqual({ run: 1 });
    expect(runs()).toBe(1);
  });

  it('answers 422 when the key is reused with a different body', async () => {
    // Prepare
    const { guard, handle, runs } = await freshGuard();
    await guard(withKey('k-2', '{"a":1}'), lambdaContext(), handle);

    // Act
    const reused = await guard(withKey('k-2', '{"a":2}'), lambdaContext(), handle);

    // Assess
    expect(reused.statusCode).toBe(422);
    expect(reused.headers).toEqual({ 'content-type': 'application/problem+json' });
    expect(runs()).toBe(1);
  });

  it('runs every request that has no key', async () => {
    // Prepare
    const { guard, handle, runs } = await freshGuard();

    // Act
    await guard(httpEvent('{"a":1}'), lambdaContext(), handle);
    await guard(httpEvent('{"a":1}'), lambdaContext(), handle);

    // Assess
    expect(runs()).toBe(2);
  });

  it('answers 409 while the same key is in progress', async () => {
    // Prepare
    const { guard } = await freshGuard();
    let release: () => void = () => undefined;
    const slow = () =>
      new Promise<ReturnType<typeof jsonResponse>>((resolve) => {
        release = () => {
          resolve(jsonResponse(201, {}));
        };
      });

    // Act
    const first = guard(withKey('k-3', '{}'), lambdaContext(), slow);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const concurrent = await guard(withKey('k-3', '{}'), lambdaContext(), slow);
    release();
    await first;

    // Assess
    expect(concurrent.statusCode).toBe(409);
  });

  it('treats an expired key as new', async () => {
    // Prepare
    const { guard, handle, runs } = await freshGuard(1);
    await guard(withKey('k-4', '{}'), lambdaContext(), handle);

    // Act
    await new Promise((resolve) => setTimeout(resolve, 2100));
    await guard(withKey('k-4', '{}'), lambdaContext(), handle);

    // Assess
    expect(runs()).toBe(2);
  });

  it('rejects a malformed key with 400', async () => {
    // Prepare
    const { guard, handle, runs } = await freshGuard();

    // Act
    const response = await guard(withKey('has space', '{}'), lambdaContext(), handle);

    // Assess
    expect(response.statusCode).toBe(400);
    expect(runs()).toBe(0);
  });
});
