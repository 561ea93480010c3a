import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type InitFailure,
  InitFailureScanner,
  initFailuresUrlVariable,
  serveInitFailures,
  watchInitFailures,
} from './initFailures.ts';
import { waitFor } from './waitFor.ts';

const failure: InitFailure = {
  service: 'shipping',
  functionKey: 'onInventoryReserved',
  error: 'Error: LABELS_BUCKET is not set\n    at labelsBucket (src/compositionRoot.ts:12:9)',
};

// A safety net only: the tests below end when the failure is read, long before it.
const net = 120_000;

describe('InitFailureScanner', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const failedLine = '(λ: onInventoryReserved) init failed: Error: LABELS_BUCKET is not set\n';
  const stackLine = '    at labelsBucket (src/compositionRoot.ts:12:9)\n';

  it('reads each init-failed line with its stack, through colours, and nothing else', () => {
    // Prepare
    vi.useFakeTimers();
    const scanner = new InitFailureScanner('shipping');
    const output = [
      '\u001b[33m(λ: onInventoryReserved) init failed: Error: LABELS_BUCKET is not set',
      '    at labelsBucket (src/compositionRoot.ts:12:9)\u001b[39m',
      '(λ: getShipment) RequestId: 1  Duration: 3.00 ms  Billed Duration: 4 ms',
      'onInventoryReserved: batch of 1 failed (Error: LABELS_BUCKET is not set)',
      '(λ: getShipment) init failed: TypeError: x is not a function',
      'offline: more',
      '',
    ].join('\n');

    // Act
    scanner.append(output);
    vi.advanceTimersByTime(50);

    // Assess
    expect(scanner.failures).toStrictEqual([
      failure,
      { service: 'shipping', functionKey: 'getShipment', error: 'TypeError: x is not a function' },
    ]);
  });

  it('waits for the stack of a failure on the last line, and tells it once', () => {
    // Prepare
    vi.useFakeTimers();
    const told: InitFailure[] = [];
    const scanner = new InitFailureScanner('shipping', (found) => told.push(found));

    // Act
    scanner.append(`offline ready\n${failedLine}`);
    vi.advanceTimersByTime(50);
    const beforeItsStack = [...told];
    scanner.append(stackLine);
    vi.advanceTimersByTime(200);
    scanner.append(`${failedLine}${stackLine}(λ: onInventoryReserved) RequestId: r-2\n`);
    vi.advanceTimersByTime(200);

    // Assess
    expect(beforeItsStack).toEqual([]);
    expect(told).toEqual([failure]);
    expect(scanner.failures).toEqual([failure]);
  });

  it('takes a failure as it is when nothing follows it, and one per function', () => {
    // Prepare
    vi.useFakeTimers();
    const scanner = new InitFailureScanner('shipping');

    // Act
    scanner.append(failedLine);
    vi.advanceTimersByTime(200);
    scanner.append('(λ: getShipment) init failed: TypeError: x is not a function\nmore\n');
    vi.advanceTimersByTime(200);

    // Assess
    expect(scanner.failures).toEqual([
      { ...failure, error: 'Error: LABELS_BUCKET is not set' },
      { service: 'shipping', functionKey: 'getShipment', error: 'TypeError: x is not a function' },
    ]);
  });
});

describe('waitFor, once a function has failed its init', () => {
  let cleanUp: (() => Promise<void> | void) | undefined;
  afterEach(async () => {
    await cleanUp?.();
    cleanUp = undefined;
  });

  it('stops waiting at once, naming the function and its error, when a served list shows one', async () => {
    // Prepare
    const failures: InitFailure[] = [];
    const served = await serveInitFailures(() => failures);
    cleanUp = served.close;
    let attempts = 0;
    const probe = () => {
      attempts += 1;
      if (attempts === 2) failures.push(failure);
      return Promise.resolve(undefined);
    };

    // Act
    const waiting = waitFor(probe, { description: 'label stored', timeoutMs: net, intervalMs: 1 });

    // Assess
    await expect(waiting).rejects.toThrow(
      "Stopped waiting for label stored: shipping's function onInventoryReserved failed its init, so it handles nothing: Error: LABELS_BUCKET is not set\n    at labelsBucket",
    );
    expect(process.env[initFailuresUrlVariable]).toBe(served.url);
  });

  it('stops waiting for a service started in its own process, with no list served', async () => {
    // Prepare
    const failures: InitFailure[] = [];
    cleanUp = watchInitFailures(() => failures);
    let attempts = 0;
    const probe = () => {
      attempts += 1;
      if (attempts === 3) failures.push(failure);
      return Promise.reject(new Error('no label yet'));
    };

    // Act
    const waiting = waitFor(probe, { description: 'label stored', timeoutMs: net, intervalMs: 1 });

    // Assess
    await expect(waiting).rejects.toThrow(/^Stopped waiting for label stored: shipping's/);
    expect(attempts).toBe(3);
  });

  it('waits on when no function failed, and puts back the list it replaced once closed', async () => {
    // Prepare: a list another run's setup served, unreachable by now
    const earlier = 'http://127.0.0.1:9/';
    process.env[initFailuresUrlVariable] = earlier;
    cleanUp = () => {
      Reflect.deleteProperty(process.env, initFailuresUrlVariable);
    };
    const served = await serveInitFailures(() => [failure]);
    await served.close();
    let attempts = 0;
    const probe = () => {
      attempts += 1;
      return Promise.resolve(attempts === 5 ? 'stored' : undefined);
    };

    // Act
    const value = await waitFor(probe, { description: 'label stored', intervalMs: 1 });

    // Assess
    expect(value).toBe('stored');
    expect(process.env[initFailuresUrlVariable]).toBe(earlier);
  });
});
