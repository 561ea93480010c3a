import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { PackagedStack } from '../packagedStack.ts';
import { parseTemplate } from '../parseTemplate.ts';
import { formatViolation } from '../violation.ts';
import { stageBudgetRule } from './stageBudgetRule.ts';

interface Resource {
  Type: string;
  DependsOn?: string;
  Properties: Record<string, unknown>;
}

// The bootstrap template as an operator deploys it; its topic is named with the Stage parameter.
const bootstrapResources = (): Record<string, Resource> =>
  (
    parse(
      readFileSync(
        new URL('../../../../docs/bootstrap/operations-budget.yml', import.meta.url),
        'utf8',
      ),
    ) as { Resources: Record<string, Resource> }
  ).Resources;

const linesOf = (resources: Record<string, Resource>): string[] => {
  const stack: PackagedStack = {
    service: 'operations',
    stage: '${Stage}',
    template: parseTemplate({ Resources: resources }),
    stackTags: {},
  };
  return stageBudgetRule.check(stack).map(formatViolation);
};

describe('stageBudgetRule', () => {
  it('passes the bootstrap template of docs/bootstrap/operations-budget.yml', () => {
    // Act
    const lines = linesOf(bootstrapResources());

    // Assess
    expect(lines).toEqual([]);
  });

  it('fails a daily usage budget without an amount that notifies another topic', () => {
    // Prepare
    const resources = bootstrapResources();
    const properties = resources.Budget!.Properties;
    properties.Budget = { BudgetType: 'USAGE', TimeUnit: 'DAILY', BudgetLimit: {} };
    properties.NotificationsWithSubscribers = [
      {
        Notification: { NotificationType: 'ACTUAL' },
        Subscribers: [{ SubscriptionType: 'SNS', Address: 'arn:aws:sns:us-east-1:1:billing' }],
      },
    ];

    // Act
    const lines = linesOf(resources);

    // Assess
    expect(lines).toEqual([
      'operations: Budget: stage-budget: BudgetType must be COST',
      'operations: Budget: stage-budget: TimeUnit must be MONTHLY',
      'operations: Budget: stage-budget: BudgetLimit has no Amount',
      'operations: Budget: stage-budget: notification {"NotificationType":"ACTUAL"} does not notify the operations topic conveyor-${Stage}-operations',
    ]);
  });

  it('fails when the topic policy does not let AWS Budgets publish', () => {
    // Prepare: only the default statement left.
    const resources = bootstrapResources();
    const document = resources.OperationsTopicPolicy!.Properties.PolicyDocument as {
      Statement: unknown[];
    };
    document.Statement = document.Statement.slice(0, 1);

    // Act
    const lines = linesOf(resources);

    // Assess
    expect(lines).toEqual([
      'operations: OperationsTopicPolicy: stage-budget: no AWS::SNS::TopicPolicy of conveyor-${Stage}-operations lets budgets.amazonaws.com SNS:Publish to it',
    ]);
  });

  it('fails a template without a budget', () => {
    // Prepare
    const resources = bootstrapResources();
    delete resources.Budget;

    // Act
    const lines = linesOf(resources);

    // Assess
    expect(lines).toEqual(['operations: (template): stage-budget: has no AWS::Budgets::Budget']);
  });
});
