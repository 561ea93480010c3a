import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTracer, traceInvocation } from './tracer.ts';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('createTracer', () => {
  it.each([
    ['outside Lambda', { AWS_EXECUTION_ENV: '' }],
    [
      'in Lambda with POWERTOOLS_TRACE_ENABLED=false',
      { AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x', POWERTOOLS_TRACE_ENABLED: 'False' },
    ],
  ])('is off %s: records nothing, wraps nothing, runs the work as it is', async (_case, env) => {
    // Prepare
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    const client = { send: () => 'sent' };

    // Act
    const tracer = createTracer('inventory');
    const wrapped = tracer.captureAWSv3Client(client);
    const result = await traceInvocation(tracer, 'republishUnpublished', () =>
      Promise.resolve('done'),
    );

    // Assess
    expect(tracer.isTracingEnabled()).toBe(false);
    expect(wrapped).toBe(client);
    expect(result).toBe('done');
    expect(await tracer.provider.captureAsyncFunc('## work', () => Promise.resolve(42))).toBe(42);
  });
});
