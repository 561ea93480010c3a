import { describe, expect, it } from 'vitest';
import { toLogFileLine } from './toLogFileLine.ts';

const at = new Date('2026-12-01T10:00:00.000Z');

describe('toLogFileLine', () => {
  it('keeps a JSON object line as printed', () => {
    // Prepare
    const line =
      '{"level":"INFO","message":"Event handled","service":"inventory","correlationId":"c-1"}';

    // Act
    const kept = toLogFileLine(`  ${line}`, at);

    // Assess
    expect(kept).toBe(line);
  });

  it('wraps any other line with the time it was captured, without colours', () => {
    // Prepare
    const line =
      '\u001b[90m(λ: onOrderPlaced) RequestId: r-1  Duration: 12.50 ms  Billed Duration: 13 ms\u001b[39m';

    // Act
    const kept = JSON.parse(toLogFileLine(line, at)) as unknown;

    // Assess
    expect(kept).toEqual({
      capturedAt: '2026-12-01T10:00:00.000Z',
      output: '(λ: onOrderPlaced) RequestId: r-1  Duration: 12.50 ms  Billed Duration: 13 ms',
    });
  });

  it('wraps lines that only look like JSON: arrays, broken objects', () => {
    // Act
    const kept = ['[1,2]', '{"level":"INFO"', '{not json}'].map(
      (line) => JSON.parse(toLogFileLine(line, at)) as { output: string },
    );

    // Assess
    expect(kept.map((line) => line.output)).toEqual(['[1,2]', '{"level":"INFO"', '{not json}']);
  });
});
