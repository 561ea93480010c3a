import { describe, expect, it } from 'vitest';
import {
  passingResources,
  stackOf,
  stackWith,
  violationLines,
} from '../../tests/fixtures/fixtureStack.ts';
import { visibilityTimeoutRule } from './visibilityTimeoutRule.ts';

describe('visibilityTimeoutRule', () => {
  it('passes a visibility timeout of 6 × the consumer timeout', () => {
    // Act
    const lines = violationLines(visibilityTimeoutRule, stackOf(passingResources()));

    // Assess
    expect(lines).toEqual([]);
  });

  it('fails a visibility timeout under 6 × the consumer timeout', () => {
    // Prepare
    const stack = stackWith('OrdersQueue', (properties) => {
      properties.VisibilityTimeout = 60;
    });

    // Act
    const lines = violationLines(visibilityTimeoutRule, stack);

    // Assess
    expect(lines).toEqual([
      'inventory: OrdersQueue: visibility-timeout: VisibilityTimeout is 60 s, must be at least 120 s (6 × OnOrderPlacedLambdaFunction Timeout 20 s)',
    ]);
  });

  it("applies SQS's 30 s default when the queue sets no visibility timeout", () => {
    // Prepare
    const stack = stackWith('OrdersQueue', (properties) => {
      delete properties.VisibilityTimeout;
    });

    // Act
    const lines = violationLines(visibilityTimeoutRule, stack);

    // Assess
    expect(lines).toEqual([
      'inventory: OrdersQueue: visibility-timeout: VisibilityTimeout is 30 s, must be at least 120 s (6 × OnOrderPlacedLambdaFunction Timeout 20 s)',
    ]);
  });

  it("applies Lambda's 3 s default when the function sets no timeout", () => {
    // Prepare
    const resources = passingResources();
    delete resources.OnOrderPlacedLambdaFunction?.Properties.Timeout;
    Object.assign(resources.OrdersQueue?.Properties ?? {}, { VisibilityTimeout: 17 });

    // Act
    const lines = violationLines(visibilityTimeoutRule, stackOf(resources));

    // Assess
    expect(lines).toEqual([
      'inventory: OrdersQueue: visibility-timeout: VisibilityTimeout is 17 s, must be at least 18 s (6 × OnOrderPlacedLambdaFunction Timeout 3 s)',
    ]);
  });
});
