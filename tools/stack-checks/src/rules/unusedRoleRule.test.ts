import { describe, expect, it } from 'vitest';
import { passingResources, stackOf, violationLines } from '../../tests/fixtures/fixtureStack.ts';
import { unusedRoleRule } from './unusedRoleRule.ts';

const DEFAULT_ROLE = 'IamRoleLambdaExecution';
const UNUSED = `inventory: ${DEFAULT_ROLE}: unused-role: no function, resource or output references this role: nothing runs on what it grants; remove it`;

// The fixture with the framework's default role beside the function's own, as osls compiles it.
const withDefaultRole = () => {
  const resources = passingResources();
  const own = resources.OnOrderPlacedIamRoleLambdaExecution;
  if (own === undefined) throw new Error('fixture has no OnOrderPlacedIamRoleLambdaExecution');
  resources[DEFAULT_ROLE] = structuredClone(own);
  return resources;
};

describe('unusedRoleRule', () => {
  it('passes a role a function runs on', () => {
    // Act
    const lines = violationLines(unusedRoleRule, stackOf(passingResources()));

    // Assess
    expect(lines).toEqual([]);
  });

  it("fails the framework's default role when every function has its own", () => {
    // Prepare
    const stack = stackOf(withDefaultRole());

    // Act
    const lines = violationLines(unusedRoleRule, stack);

    // Assess
    expect(lines).toEqual([UNUSED]);
  });

  it('fails a role that only a policy attached to it names', () => {
    // Prepare
    const resources = withDefaultRole();
    resources.DefaultRolePolicy = {
      Type: 'AWS::IAM::Policy',
      Properties: {
        Roles: [{ Ref: DEFAULT_ROLE }],
        PolicyDocument: { Statement: [] },
      },
    };

    // Act
    const lines = violationLines(unusedRoleRule, stackOf(resources));

    // Assess
    expect(lines).toEqual([UNUSED]);
  });

  it.each([
    ['a Ref', { Ref: DEFAULT_ROLE }],
    ['a dotted Fn::GetAtt', { 'Fn::GetAtt': `${DEFAULT_ROLE}.Arn` }],
    [
      'an Fn::Sub',
      { 'Fn::Sub': `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/\${${DEFAULT_ROLE}}` },
    ],
  ])('passes a role another resource names through %s', (_form, reference) => {
    // Prepare
    const resources = withDefaultRole();
    resources.Schedule = {
      Type: 'AWS::Scheduler::Schedule',
      Properties: { Target: { RoleArn: reference } },
    };

    // Act
    const lines = violationLines(unusedRoleRule, stackOf(resources));

    // Assess
    expect(lines).toEqual([]);
  });

  it('passes a role an output exports', () => {
    // Prepare
    const resources = withDefaultRole();
    const stack = stackOf(resources);
    const exported = {
      ...stack,
      template: {
        ...stack.template,
        Outputs: { RoleArn: { Value: { 'Fn::GetAtt': [DEFAULT_ROLE, 'Arn'] } } },
      },
    };

    // Act
    const lines = violationLines(unusedRoleRule, exported);

    // Assess
    expect(lines).toEqual([]);
  });
});
