import { describe, expect, it } from 'vitest';
import {
  passingResources,
  stackOf,
  stackWith,
  violationLines,
} from '../../tests/fixtures/fixtureStack.ts';
import { reportBatchItemFailuresRule } from './reportBatchItemFailuresRule.ts';

const ESM = 'OnOrderPlacedEventSourceMappingSQSOrdersQueue';

describe('reportBatchItemFailuresRule', () => {
  it('passes an SQS event source that reports batch item failures', () => {
    // Act
    const lines = violationLines(reportBatchItemFailuresRule, stackOf(passingResources()));

    // Assess
    expect(lines).toEqual([]);
  });

  it('fails an SQS event source without ReportBatchItemFailures', () => {
    // Prepare
    const stack = stackWith(ESM, (properties) => {
      delete properties.FunctionResponseTypes;
    });

    // Act
    const lines = violationLines(reportBatchItemFailuresRule, stack);

    // Assess
    expect(lines).toEqual([
      `inventory: ${ESM}: report-batch-item-failures: FunctionResponseTypes lacks ReportBatchItemFailures; one failed record would retry the whole batch`,
    ]);
  });

  it('also reads an SQS source given as a literal ARN', () => {
    // Prepare
    const stack = stackWith(ESM, (properties) => {
      properties.EventSourceArn = 'arn:aws:sqs:us-east-1:123456789012:elsewhere';
      properties.FunctionResponseTypes = [];
    });

    // Act
    const lines = violationLines(reportBatchItemFailuresRule, stack);

    // Assess
    expect(lines).toHaveLength(1);
  });
});
