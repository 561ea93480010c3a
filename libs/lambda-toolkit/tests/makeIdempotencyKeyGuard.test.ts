// The Idempotency-Key guard on the real local DynamoDB (dynalite).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { jsonResponse, makeIdempotencyKeyGuard, problemResponse } from '../src/index.ts';
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

// Retries `attempt` until it gives an answer; the bound is a safety net, named in its failure.
const waitForAnswer = async <T>(
  attempt: () => Promise<T | undefined>,
  awaited: string,
): Promise<T> =>
  vi.waitFor(
    async () => {
      const answer = await attempt();
      if (answer === undefined) throw new Error(`still waiting for ${awaited}`);
      return answer;
    },
    { timeout: 60_000, interval: 100 },
  );

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
    let entered: () => void = () => undefined;
    const running = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const slow = () => {
      entered();
      return new Promise<ReturnType<typeof jsonResponse>>((resolve) => {
        release = () => {
          resolve(jsonResponse(201, {}));
        };
      });
    };

    // Act
    const first = guard(withKey('k-3', '{}'), lambdaContext(), slow);
    await running;
    const concurrent = await guard(withKey('k-3', '{}'), lambdaContext(), slow);
    release();
    await first;

    // Assess
    expect(concurrent.statusCode).toBe(409);
  });

  it.each([400, 413, 415, 422])(
    'does not burn the key on a %i refusal: the fixed request runs under the same key',
    async (status) => {
      // Prepare
      const { guard, handle, runs } = await freshGuard();
      const refused = await guard(withKey(`k-refused-${status}`, '{"a":'), lambdaContext(), () =>
        Promise.resolve(problemResponse(status, { detail: 'fix it' })),
      );

      // Act
      const fixed = await guard(withKey(`k-refused-${status}`, '{"a":1}'), lambdaContext(), handle);
      const replay = await guard(
        withKey(`k-refused-${status}`, '{"a":1}'),
        lambdaContext(),
        handle,
      );

      // Assess
      expect(refused.statusCode).toBe(status);
      expect(fixed.statusCode).toBe(201);
      expect(replay).toEqual(fixed);
      expect(runs()).toBe(1);
    },
  );

  it('does not burn the key when the handler throws', async () => {
    // Prepare
    const { guard, handle, runs } = await freshGuard();
    const failed = guard(withKey('k-throws', '{}'), lambdaContext(), () =>
      Promise.reject(new Error('table unavailable')),
    );
    await expect(failed).rejects.toThrow('table unavailable');

    // Act
    const retry = await guard(withKey('k-throws', '{}'), lambdaContext(), handle);

    // Assess
    expect(retry.statusCode).toBe(201);
    expect(runs()).toBe(1);
  });

  it('keeps the key of an attempt that died midway until its invocation deadline, then lets a retry run', async () => {
    // Prepare
    const { guard, handle, runs } = await freshGuard();
    const remainingMs = 1_500;
    const deadline = Date.now() + remainingMs;
    let entered: () => void = () => undefined;
    const recorded = new Promise<void>((resolve) => {
      entered = resolve;
    });
    // The first attempt never finishes, as when Lambda stops a timed-out invocation.
    void guard(withKey('k-dead', '{}'), lambdaContext(remainingMs), () => {
      entered();
      return new Promise(() => undefined);
    });
    await recorded;

    // Act
    const retried = await waitForAnswer(async () => {
      const response = await guard(withKey('k-dead', '{}'), lambdaContext(), handle);
      return response.statusCode === 409 ? undefined : { response, at: Date.now() };
    }, "a retry under the dead attempt's key answered other than 409");

    // Assess
    expect(retried.response.statusCode).toBe(201);
    expect(retried.at).toBeGreaterThanOrEqual(deadline);
    expect(runs()).toBe(1);
  });

  it('hands the validated key to the handler, and undefined without one', async () => {
    // Prepare
    const { guard } = await freshGuard();
    const seen: (string | undefined)[] = [];
    const handle = (key: string | undefined) => {
      seen.push(key);
      return Promise.resolve(jsonResponse(201, {}));
    };

    // Act
    await guard(withKey('k-handed', '{}'), lambdaContext(), handle);
    await guard(httpEvent('{}'), lambdaContext(), handle);

    // Assess
    expect(seen).toEqual(['k-handed', undefined]);
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
