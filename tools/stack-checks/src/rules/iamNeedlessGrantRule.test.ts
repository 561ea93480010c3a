import { describe, expect, it } from 'vitest';
import { passingResources, stackOf, violationLines } from '../../tests/fixtures/fixtureStack.ts';
import { iamNeedlessGrantRule } from './iamNeedlessGrantRule.ts';

const ROLE = 'OnOrderPlacedIamRoleLambdaExecution';
const LOG_GROUP = '/aws/lambda/conveyor-inventory-dev-onOrderPlaced';

// The fixture with the statements of its consumer's role changed by `change`.
const withStatements = (change: (statements: Record<string, unknown>[]) => void) => {
  const resources = passingResources();
  const policies = resources[ROLE]?.Properties.Policies as
    { PolicyDocument: { Statement: Record<string, unknown>[] } }[] | undefined;
  const statements = policies?.[0]?.PolicyDocument.Statement;
  if (statements === undefined) throw new Error(`fixture has no statements in ${ROLE}`);
  change(statements);
  return stackOf(resources);
};

const consumerStatement = {
  Effect: 'Allow',
  Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueUrl'],
  Resource: { 'Fn::GetAtt': ['OrdersQueue', 'Arn'] },
};

describe('iamNeedlessGrantRule', () => {
  it('passes the fixture, whose statements each grant something of their own', () => {
    // Act
    const lines = violationLines(iamNeedlessGrantRule, stackOf(passingResources()));

    // Assess
    expect(lines).toEqual([]);
  });

  it('fails a statement that allows again what an earlier one does', () => {
    // Prepare
    const stack = withStatements((statements) => statements.push(consumerStatement));

    // Act
    const lines = violationLines(iamNeedlessGrantRule, stack);

    // Assess
    expect(lines).toEqual([
      `inventory: ${ROLE}: iam-needless-grant: Policies[0] statement #5: allows sqs:ReceiveMessage, sqs:DeleteMessage again, as statement #2 does; remove the repeat`,
    ]);
  });

  it.each([
    ['another resource', { Resource: { 'Fn::GetAtt': ['OrdersDlq', 'Arn'] } }],
    ['a Condition', { Condition: { Bool: { 'aws:SecureTransport': 'true' } } }],
  ])('passes the same actions with %s', (_case, change) => {
    // Prepare
    const stack = withStatements((statements) =>
      statements.push({ ...consumerStatement, ...change }),
    );

    // Act
    const lines = violationLines(iamNeedlessGrantRule, stack);

    // Assess
    expect(lines).toEqual([]);
  });

  it('fails logs:CreateLogGroup on the log group the template creates', () => {
    // Prepare
    const stack = withStatements(([logs]) => {
      if (logs !== undefined) logs.Action = ['logs:CreateLogStream', 'logs:CreateLogGroup'];
    });

    // Act
    const lines = violationLines(iamNeedlessGrantRule, stack);

    // Assess
    expect(lines).toEqual([
      `inventory: ${ROLE}: iam-needless-grant: Policies[0] statement #1: allows logs:CreateLogGroup on ${LOG_GROUP}, which this template creates; the function never needs to`,
    ]);
  });

  it('passes logs:CreateLogGroup on a log group the template does not create', () => {
    // Prepare
    const stack = withStatements(([logs]) => {
      if (logs === undefined) return;
      logs.Action = ['logs:CreateLogGroup'];
      logs.Resource = 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/elsewhere:*';
    });

    // Act
    const lines = violationLines(iamNeedlessGrantRule, stack);

    // Assess
    expect(lines).toEqual([]);
  });
});
