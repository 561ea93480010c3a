import { describe, expect, it } from 'vitest';
import { jsonLogLines, stoppedWorkers } from './serviceOutput.ts';

const stopped = (fn: string, id: string): string =>
  `(λ: ${fn}) RequestId: ${id}  timed out after 5000 ms; its worker thread was stopped\n`;

describe('stoppedWorkers', () => {
  it("counts only the named function's stopped workers", () => {
    // Prepare
    const output = [
      stopped('onOrderPlaced', 'a'),
      'some other line\n',
      stopped('onOrderPlaced', 'b'),
      stopped('onShipmentCreated', 'c'),
      '(λ: onOrderPlaced) RequestId: d  Duration: 12 ms\n',
    ].join('');

    // Act
    const count = stoppedWorkers(output, 'onOrderPlaced');

    // Assess
    expect(count).toBe(2);
  });

  it('finds none in output without a timeout', () => {
    // Act
    const count = stoppedWorkers(
      '(λ: onOrderPlaced) RequestId: a  Duration: 12 ms\n',
      'onOrderPlaced',
    );

    // Assess
    expect(count).toBe(0);
  });
});

describe('jsonLogLines', () => {
  it('keeps the JSON objects of the output, after any prefix, and leaves every other line out', () => {
    // Prepare
    const output = [
      '{"level":"INFO","message":"Order placed","orderId":"ord-1"}',
      'POST /checkout (λ: postCheckout)',
      '2026-12-07T09:00:00.000Z\t{"level":"ERROR","message":"Event failed"}',
      '{"level":"INFO","message":"cut short',
      '[{"a":1}]',
      'null',
      '',
    ].join('\n');

    // Act
    const lines = jsonLogLines(output);

    // Assess
    expect(lines).toEqual([
      { level: 'INFO', message: 'Order placed', orderId: 'ord-1' },
      { level: 'ERROR', message: 'Event failed' },
    ]);
  });
});
