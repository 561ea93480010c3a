import { describe, expect, it } from 'vitest';
import {
  passingResources,
  stackOf,
  stackWith,
  violationLines,
} from '../../tests/fixtures/fixtureStack.ts';
import { tracingRule } from './tracingRule.ts';

describe('tracingRule', () => {
  it('passes traced functions whose role sends segments, and traced topics', () => {
    // Act
    const lines = violationLines(tracingRule, stackOf(passingResources()));

    // Assess
    expect(lines).toEqual([]);
  });

  it('fails a function without active tracing, and a topic passing traces through only', () => {
    // Prepare
    const untracedFunction = stackWith('OnOrderPlacedLambdaFunction', (properties) => {
      delete properties.TracingConfig;
    });
    const passThroughTopic = stackWith('InventoryEventsTopic', (properties) => {
      properties.TracingConfig = 'PassThrough';
    });

    // Act
    const functionLines = violationLines(tracingRule, untracedFunction);
    const topicLines = violationLines(tracingRule, passThroughTopic);

    // Assess
    expect(functionLines).toEqual([
      'inventory: OnOrderPlacedLambdaFunction: tracing: TracingConfig.Mode is undefined, must be "Active" (provider.tracing.lambda: true in services/serverless.base.yml)',
    ]);
    expect(topicLines).toEqual([
      'inventory: InventoryEventsTopic: tracing: TracingConfig is "PassThrough", must be "Active" (tools/serverless-topology)',
    ]);
  });

  it('fails a traced function whose role may not send segments', () => {
    // Prepare
    const stack = stackWith('OnOrderPlacedIamRoleLambdaExecution', (properties) => {
      const [policy] = properties.Policies as {
        PolicyDocument: { Statement: { Action: string[] }[] };
      }[];
      if (policy === undefined) throw new Error('The fixture role has a policy');
      policy.PolicyDocument.Statement = policy.PolicyDocument.Statement.filter(
        ({ Action }) => !Action.includes('xray:PutTraceSegments'),
      );
    });

    // Act
    const lines = violationLines(tracingRule, stack);

    // Assess
    expect(lines).toEqual([
      'inventory: OnOrderPlacedLambdaFunction: tracing: its role OnOrderPlacedIamRoleLambdaExecution does not allow xray:PutTraceSegments, so its traces are lost (the topology plugin grants it to functions with their own role)',
    ]);
  });
});
