import { describe, expect, it } from 'vitest';
import {
  passingResources,
  stackOf,
  stackWith,
  violationLines,
} from '../../tests/fixtures/fixtureStack.ts';
import { fifoEventSourceRule } from './fifoEventSourceRule.ts';

const ESM = 'OnOrderPlacedEventSourceMappingSQSOrdersQueue';

describe('fifoEventSourceRule', () => {
  it('passes a FIFO event source with a batch of 10 and no batching window', () => {
    // Act
    const lines = violationLines(fifoEventSourceRule, stackOf(passingResources()));

    // Assess
    expect(lines).toEqual([]);
  });

  it('fails a batching window on a FIFO event source', () => {
    // Prepare
    const stack = stackWith(ESM, (properties) => {
      properties.MaximumBatchingWindowInSeconds = 5;
    });

    // Act
    const lines = violationLines(fifoEventSourceRule, stack);

    // Assess
    expect(lines).toEqual([
      `inventory: ${ESM}: fifo-event-source: MaximumBatchingWindowInSeconds is set (5); AWS rejects a batching window on a FIFO queue`,
    ]);
  });

  it('fails a batch larger than 10 on a FIFO event source', () => {
    // Prepare
    const stack = stackWith(ESM, (properties) => {
      properties.BatchSize = 50;
    });

    // Act
    const lines = violationLines(fifoEventSourceRule, stack);

    // Assess
    expect(lines).toEqual([
      `inventory: ${ESM}: fifo-event-source: BatchSize is 50, must be at most 10 on a FIFO queue`,
    ]);
  });

  it('lets a standard queue batch over a window', () => {
    // Prepare
    const resources = passingResources();
    delete resources.OrdersQueue?.Properties.FifoQueue;
    delete resources.OrdersDlq?.Properties.FifoQueue;
    Object.assign(resources[ESM]?.Properties ?? {}, {
      BatchSize: 50,
      MaximumBatchingWindowInSeconds: 5,
    });

    // Act
    const lines = violationLines(fifoEventSourceRule, stackOf(resources));

    // Assess
    expect(lines).toEqual([]);
  });
});
