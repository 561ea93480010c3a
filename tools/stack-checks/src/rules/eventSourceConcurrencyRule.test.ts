import { describe, expect, it } from 'vitest';
import {
  passingResources,
  stackOf,
  stackWith,
  violationLines,
} from '../../tests/fixtures/fixtureStack.ts';
import { eventSourceConcurrencyRule } from './eventSourceConcurrencyRule.ts';

const ESM = 'OnOrderPlacedEventSourceMappingSQSOrdersQueue';
const FUNCTION = 'OnOrderPlacedLambdaFunction';

describe('eventSourceConcurrencyRule', () => {
  it('passes an SQS event source with a maximum concurrency', () => {
    // Act
    const lines = violationLines(eventSourceConcurrencyRule, stackOf(passingResources()));

    // Assess
    expect(lines).toEqual([]);
  });

  it.each([2, 1000, '7'])('accepts %j, within 2-1000', (maximum) => {
    // Prepare: a function that reserves as much.
    const resources = passingResources();
    resources[ESM]!.Properties.ScalingConfig = { MaximumConcurrency: maximum };
    resources[FUNCTION]!.Properties.ReservedConcurrentExecutions = maximum;

    // Act
    const lines = violationLines(eventSourceConcurrencyRule, stackOf(resources));

    // Assess
    expect(lines).toEqual([]);
  });

  it('fails an SQS event source without ScalingConfig', () => {
    // Prepare
    const stack = stackWith(ESM, (properties) => {
      delete properties.ScalingConfig;
    });

    // Act
    const lines = violationLines(eventSourceConcurrencyRule, stack);

    // Assess
    expect(lines).toEqual([
      `inventory: ${ESM}: event-source-concurrency: has no ScalingConfig.MaximumConcurrency; a backlog could take every concurrent execution of the account`,
    ]);
  });

  it.each([
    [1, '1'],
    [1001, '1001'],
    [2.5, '2.5'],
    ['many', '"many"'],
  ])('fails MaximumConcurrency %j', (maximum, shown) => {
    // Prepare
    const stack = stackWith(ESM, (properties) => {
      properties.ScalingConfig = { MaximumConcurrency: maximum };
    });

    // Act
    const lines = violationLines(eventSourceConcurrencyRule, stack);

    // Assess
    expect(lines).toEqual([
      `inventory: ${ESM}: event-source-concurrency: ScalingConfig.MaximumConcurrency is ${shown}, must be an integer from 2 to 1000`,
    ]);
  });

  it("fails a maximum above the function's reserved concurrency", () => {
    // Prepare
    const resources = passingResources();
    resources[FUNCTION]!.Properties.ReservedConcurrentExecutions = 4;

    // Act
    const lines = violationLines(eventSourceConcurrencyRule, stackOf(resources));

    // Assess
    expect(lines).toEqual([
      `inventory: ${ESM}: event-source-concurrency: ScalingConfig.MaximumConcurrency 5 is above the ReservedConcurrentExecutions 4 of ${FUNCTION}; Lambda would throttle the surplus`,
    ]);
  });

  it('adds up the maxima of every SQS event source of one function', () => {
    // Prepare: two sources of 5 on a function that reserves 8.
    const resources = passingResources();
    resources[FUNCTION]!.Properties.ReservedConcurrentExecutions = 8;
    const source = resources[ESM]!;
    resources.OnOrderPlacedEventSourceMappingSQSOtherQueue = {
      Type: source.Type,
      Properties: {
        ...source.Properties,
        EventSourceArn: 'arn:aws:sqs:us-east-1:123456789012:other',
      },
    };

    // Act
    const lines = violationLines(eventSourceConcurrencyRule, stackOf(resources));

    // Assess
    expect(lines).toEqual([
      `inventory: ${ESM}: event-source-concurrency: ScalingConfig.MaximumConcurrency 5 (10 over all SQS event sources of ${FUNCTION}) is above the ReservedConcurrentExecutions 8 of ${FUNCTION}; Lambda would throttle the surplus`,
      `inventory: OnOrderPlacedEventSourceMappingSQSOtherQueue: event-source-concurrency: ScalingConfig.MaximumConcurrency 5 (10 over all SQS event sources of ${FUNCTION}) is above the ReservedConcurrentExecutions 8 of ${FUNCTION}; Lambda would throttle the surplus`,
    ]);
  });

  it('fails a consumer that reserves no concurrency, once however many sources it has', () => {
    // Prepare
    const resources = passingResources();
    delete resources[FUNCTION]!.Properties.ReservedConcurrentExecutions;
    const source = resources[ESM]!;
    resources.OnOrderPlacedEventSourceMappingSQSOtherQueue = {
      Type: source.Type,
      Properties: {
        ...source.Properties,
        EventSourceArn: 'arn:aws:sqs:us-east-1:123456789012:other',
      },
    };

    // Act
    const lines = violationLines(eventSourceConcurrencyRule, stackOf(resources));

    // Assess
    expect(lines).toEqual([
      `inventory: ${FUNCTION}: event-source-concurrency: consumes an SQS queue but has no ReservedConcurrentExecutions; other functions could take the concurrency it needs (set reservedConcurrency to the maximum concurrency of its event sources)`,
    ]);
  });

  it('leaves event sources other than SQS alone', () => {
    // Prepare
    const stack = stackWith(ESM, (properties) => {
      properties.EventSourceArn = 'arn:aws:kinesis:us-east-1:123456789012:stream/clicks';
      delete properties.ScalingConfig;
    });

    // Act
    const lines = violationLines(eventSourceConcurrencyRule, stack);

    // Assess
    expect(lines).toEqual([]);
  });
});
