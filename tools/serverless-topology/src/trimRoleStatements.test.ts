import { describe, expect, it } from 'vitest';
import type { CloudFormationTemplate } from './serverlessTypes.ts';
import { trimRoleStatements } from './trimRoleStatements.ts';

const LOG_GROUP = '/aws/lambda/conveyor-inventory-dev-onOrderPlaced';
const logStreams = {
  'Fn::Sub': `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:${LOG_GROUP}:*:*`,
};
const queue = { 'Fn::GetAtt': ['OrdersQueue', 'Arn'] };

// onOrderPlaced's role as serverless-iam-roles-per-function writes it: its log statement, its
// sqs statement, then the function's own (the topology's consumer statement among them).
const consumerStatements = () => [
  {
    Effect: 'Allow',
    Action: ['logs:CreateLogStream', 'logs:CreateLogGroup', 'logs:PutLogEvents'],
    Resource: [logStreams],
  },
  {
    Effect: 'Allow',
    Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
    Resource: [queue],
  },
  {
    Effect: 'Allow',
    Action: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
    Resource: { 'Fn::GetAtt': ['StockTable', 'Arn'] },
  },
  {
    Effect: 'Allow',
    Action: [
      'sqs:ReceiveMessage',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:ChangeMessageVisibility',
    ],
    Resource: queue,
  },
];

const templateWith = (statements: unknown[], logGroup = LOG_GROUP): CloudFormationTemplate => ({
  Resources: {
    OnOrderPlacedLogGroup: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: logGroup } },
    OnOrderPlacedIamRoleLambdaExecution: {
      Type: 'AWS::IAM::Role',
      Properties: {
        Policies: [{ PolicyName: 'lambda', PolicyDocument: { Statement: statements } }],
      },
    },
  },
});

const statementsOf = (template: CloudFormationTemplate): unknown => {
  const policies = template.Resources?.OnOrderPlacedIamRoleLambdaExecution?.Properties?.Policies;
  return (policies as { PolicyDocument: { Statement: unknown } }[])[0]?.PolicyDocument.Statement;
};

describe('trimRoleStatements', () => {
  it("drops CreateLogGroup on the stack's own log group and the sqs statement the consumer's repeats", () => {
    // Prepare
    const template = templateWith(consumerStatements());
    const [logs, , table, consumer] = consumerStatements();

    // Act
    const changed = trimRoleStatements(template);

    // Assess
    expect(changed).toBe(2);
    expect(statementsOf(template)).toEqual([
      { ...logs, Action: ['logs:CreateLogStream', 'logs:PutLogEvents'] },
      table,
      consumer,
    ]);
  });

  it('keeps CreateLogGroup on a log group the stack does not create', () => {
    // Prepare
    const template = templateWith(consumerStatements().slice(0, 1), '/aws/lambda/another');

    // Act
    const changed = trimRoleStatements(template);

    // Assess
    expect(changed).toBe(0);
    expect(statementsOf(template)).toEqual(consumerStatements().slice(0, 1));
  });

  it('keeps one of two statements that grant the same', () => {
    // Prepare
    const [, sqs] = consumerStatements();
    const template = templateWith([sqs, structuredClone(sqs)]);

    // Act
    const changed = trimRoleStatements(template);

    // Assess
    expect(changed).toBe(1);
    expect(statementsOf(template)).toEqual([sqs]);
  });

  it.each([
    ['another resource', { Resource: { 'Fn::GetAtt': ['OrdersDlq', 'Arn'] } }],
    ['an action the others lack', { Action: ['sqs:ReceiveMessage', 'sqs:SendMessage'] }],
    ['a Condition', { Condition: { Bool: { 'aws:SecureTransport': 'true' } } }],
  ])('keeps a statement with %s', (_case, change) => {
    // Prepare
    const [, sqs, , consumer] = consumerStatements();
    const narrower = { ...sqs, ...change };
    const template = templateWith([narrower, consumer]);

    // Act
    const changed = trimRoleStatements(template);

    // Assess
    expect(changed).toBe(0);
    expect(statementsOf(template)).toEqual([narrower, consumer]);
  });

  it('compares actions without regard to case, as IAM does', () => {
    // Prepare
    const [, sqs, , consumer] = consumerStatements();
    const shouted = { ...sqs, Action: ['SQS:ReceiveMessage'] };
    const template = templateWith([shouted, consumer]);

    // Act
    const changed = trimRoleStatements(template);

    // Assess
    expect(changed).toBe(1);
    expect(statementsOf(template)).toEqual([consumer]);
  });
});
