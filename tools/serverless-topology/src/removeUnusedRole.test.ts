import { describe, expect, it } from 'vitest';
import { removeUnusedRole } from './removeUnusedRole.ts';
import type { CloudFormationTemplate } from './serverlessTypes.ts';

const DEFAULT_ROLE = 'IamRoleLambdaExecution';

const role = { Type: 'AWS::IAM::Role', Properties: { RoleName: 'conveyor-email-dev-lambdaRole' } };

// Email as packaged: the default role, and the function on a role of its own.
const template = (): CloudFormationTemplate => ({
  Resources: {
    [DEFAULT_ROLE]: structuredClone(role),
    OnNotificationEventIamRoleLambdaExecution: structuredClone(role),
    OnNotificationEventLambdaFunction: {
      Type: 'AWS::Lambda::Function',
      Properties: { Role: { 'Fn::GetAtt': ['OnNotificationEventIamRoleLambdaExecution', 'Arn'] } },
      DependsOn: ['OnNotificationEventIamRoleLambdaExecution', 'OnNotificationEventLogGroup'],
    },
  },
  Outputs: { QueueUrl: { Value: { Ref: 'NotificationsQueue' } } },
});

describe('removeUnusedRole', () => {
  it('removes the default role when every function has a role of its own', () => {
    // Prepare
    const packaged = template();

    // Act
    const removed = removeUnusedRole(packaged, DEFAULT_ROLE);

    // Assess
    expect(removed).toBe(true);
    expect(Object.keys(packaged.Resources ?? {})).toEqual([
      'OnNotificationEventIamRoleLambdaExecution',
      'OnNotificationEventLambdaFunction',
    ]);
  });

  it.each([
    ['a function runs on it', { Properties: { Role: { 'Fn::GetAtt': [DEFAULT_ROLE, 'Arn'] } } }],
    ['a dotted GetAtt names it', { Properties: { Role: { 'Fn::GetAtt': `${DEFAULT_ROLE}.Arn` } } }],
    ['a resource depends on it', { Properties: {}, DependsOn: DEFAULT_ROLE }],
    [
      'an Fn::Sub names it',
      { Properties: { Arn: { 'Fn::Sub': `arn:aws:iam::x:role/\${${DEFAULT_ROLE}}` } } },
    ],
  ])('keeps the default role when %s', (_case, use) => {
    // Prepare
    const packaged = template();
    packaged.Resources!.OtherFunction = { Type: 'AWS::Lambda::Function', ...use };

    // Act
    const removed = removeUnusedRole(packaged, DEFAULT_ROLE);

    // Assess
    expect(removed).toBe(false);
    expect(packaged.Resources).toHaveProperty(DEFAULT_ROLE);
  });

  it('keeps the default role when an output exports it', () => {
    // Prepare
    const packaged = template();
    packaged.Outputs!.RoleArn = { Value: { 'Fn::Sub': `\${${DEFAULT_ROLE}.Arn}` } };

    // Act
    const removed = removeUnusedRole(packaged, DEFAULT_ROLE);

    // Assess
    expect(removed).toBe(false);
    expect(packaged.Resources).toHaveProperty(DEFAULT_ROLE);
  });

  it('leaves a resource of another type, or a missing one, alone', () => {
    // Prepare
    const packaged: CloudFormationTemplate = {
      Resources: { [DEFAULT_ROLE]: { Type: 'AWS::SQS::Queue', Properties: {} } },
    };

    // Act
    const removedQueue = removeUnusedRole(packaged, DEFAULT_ROLE);
    const removedMissing = removeUnusedRole(packaged, 'NoSuchRole');

    // Assess
    expect([removedQueue, removedMissing]).toEqual([false, false]);
    expect(packaged.Resources).toHaveProperty(DEFAULT_ROLE);
  });
});
