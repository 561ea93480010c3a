import { describe, expect, it } from 'vitest';
import {
  passingResources,
  stackOf,
  stackWith,
  violationLines,
} from '../../tests/fixtures/fixtureStack.ts';
import { iamWildcardRule } from './iamWildcardRule.ts';

const ROLE = 'OnOrderPlacedIamRoleLambdaExecution';

// Adds a statement to the fixture role's inline policy.
const withStatement = (statement: Record<string, unknown>) =>
  stackWith(ROLE, (properties) => {
    const [policy] = properties.Policies as { PolicyDocument: { Statement: unknown[] } }[];
    policy!.PolicyDocument.Statement.push(statement);
  });

describe('iamWildcardRule', () => {
  it('passes scoped statements, ARN patterns and allow-listed actions on *', () => {
    // Act
    const lines = violationLines(iamWildcardRule, stackOf(passingResources()));

    // Assess
    expect(lines).toEqual([]);
  });

  it('fails a service-wide action on every resource', () => {
    // Prepare
    const stack = withStatement({ Effect: 'Allow', Action: 's3:*', Resource: '*' });

    // Act
    const lines = violationLines(iamWildcardRule, stack);

    // Assess
    expect(lines).toEqual([
      `inventory: ${ROLE}: iam-wildcard: Policies[0] statement #5: Action s3:* is a wildcard; list the actions it needs`,
      `inventory: ${ROLE}: iam-wildcard: Policies[0] statement #5: Resource * for s3:*; only actions without resource-level permissions (iamWildcardAllowList) may use *`,
    ]);
  });

  it('fails a scopable action on every resource', () => {
    // Prepare
    const stack = withStatement({
      Sid: 'ReadAnyTable',
      Effect: 'Allow',
      Action: ['dynamodb:GetItem', 'xray:PutTraceSegments'],
      Resource: ['*'],
    });

    // Act
    const lines = violationLines(iamWildcardRule, stack);

    // Assess
    expect(lines).toEqual([
      `inventory: ${ROLE}: iam-wildcard: Policies[0] statement ReadAnyTable: Resource * for dynamodb:GetItem; only actions without resource-level permissions (iamWildcardAllowList) may use *`,
    ]);
  });

  it('fails custom metrics on every resource, which no function puts and no namespace scopes', () => {
    // Prepare
    const stack = withStatement({
      Effect: 'Allow',
      Action: 'cloudwatch:PutMetricData',
      Resource: '*',
    });

    // Act
    const lines = violationLines(iamWildcardRule, stack);

    // Assess
    expect(lines).toEqual([
      `inventory: ${ROLE}: iam-wildcard: Policies[0] statement #5: Resource * for cloudwatch:PutMetricData; only actions without resource-level permissions (iamWildcardAllowList) may use *`,
    ]);
  });

  it('fails partial action wildcards, even on a scoped resource', () => {
    // Prepare
    const stack = withStatement({
      Sid: 'TableAndLabels',
      Effect: 'Allow',
      Action: ['dynamodb:Get*', 's3:*Object', 'sqs:Send?essage', 'dynamodb:Query'],
      Resource: { 'Fn::GetAtt': ['OrdersQueue', 'Arn'] },
    });

    // Act
    const lines = violationLines(iamWildcardRule, stack);

    // Assess
    expect(lines).toEqual(
      ['dynamodb:Get*', 's3:*Object', 'sqs:Send?essage'].map(
        (action) =>
          `inventory: ${ROLE}: iam-wildcard: Policies[0] statement TableAndLabels: Action ${action} is a wildcard; list the actions it needs`,
      ),
    );
  });

  it('passes an object-prefix resource such as a bucket folder', () => {
    // Prepare
    const stack = withStatement({
      Effect: 'Allow',
      Action: ['s3:PutObject', 's3:GetObject'],
      Resource: { 'Fn::Sub': '${LabelsBucket.Arn}/labels/*' },
    });

    // Act
    const lines = violationLines(iamWildcardRule, stack);

    // Assess
    expect(lines).toEqual([]);
  });

  it('fails NotAction and NotResource, which allow everything else', () => {
    // Prepare
    const stack = withStatement({
      Effect: 'Allow',
      NotAction: 'iam:*',
      NotResource: 'arn:aws:s3:::x',
    });

    // Act
    const lines = violationLines(iamWildcardRule, stack);

    // Assess
    expect(lines).toEqual([
      `inventory: ${ROLE}: iam-wildcard: Policies[0] statement #5: Allow with NotAction grants every other action`,
      `inventory: ${ROLE}: iam-wildcard: Policies[0] statement #5: Allow with NotResource grants every other resource`,
    ]);
  });

  it('checks standalone policies too, and lets Deny statements use wildcards', () => {
    // Prepare
    const resources = passingResources();
    resources.ExtraPolicy = {
      Type: 'AWS::IAM::Policy',
      Properties: {
        PolicyDocument: {
          Statement: [
            { Effect: 'Deny', Action: '*', Resource: '*' },
            { Effect: 'Allow', Action: '*', Resource: { 'Fn::GetAtt': ['OrdersQueue', 'Arn'] } },
          ],
        },
      },
    };

    // Act
    const lines = violationLines(iamWildcardRule, stackOf(resources));

    // Assess
    expect(lines).toEqual([
      'inventory: ExtraPolicy: iam-wildcard: PolicyDocument statement #2: Action * is a wildcard; list the actions it needs',
    ]);
  });
});
