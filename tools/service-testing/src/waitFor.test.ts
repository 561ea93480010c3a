import { describe, expect, it } from 'vitest';
import { waitFor } from './waitFor.ts';

describe('waitFor', () => {
  it('retries a probe that fails or is not satisfied yet, and returns its first value', async () => {
    // Prepare
    let attempts = 0;
    const probe = async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('not reachable yet');
      return Promise.resolve(attempts === 2 ? undefined : 'ready');
    };

    // Act
    const value = await waitFor(probe, { description: 'the thing', intervalMs: 1 });

    // Assess
    expect(value).toBe('ready');
    expect(attempts).toBe(3);
  });

  it('names what it waited for and the last error when the condition never holds', async () => {
    // Prepare
    const probe = () => Promise.reject(new Error('connection refused'));

    // Act
    const waiting = waitFor(probe, { description: 'order 42 CONFIRMED', timeoutMs: 50 });

    // Assess
    await expect(waiting).rejects.toThrow(
      'Timed out after 50 ms waiting for order 42 CONFIRMED (last error: connection refused)',
    );
  });

  it('reports its bound even when a probe never finishes', async () => {
    // Prepare
    const probe = () => new Promise<undefined>(() => undefined);

    // Act
    const waiting = waitFor(probe, { description: 'a stuck answer', timeoutMs: 50 });

    // Assess
    await expect(waiting).rejects.toThrow(
      'Timed out after 50 ms waiting for a stuck answer (the last attempt had not finished)',
    );
  });
});
