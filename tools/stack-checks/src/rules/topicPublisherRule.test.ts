import { describe, expect, it } from 'vitest';
import {
  passingResources,
  stackOf,
  stackWith,
  topicArn,
  violationLines,
} from '../../tests/fixtures/fixtureStack.ts';
import { topicPublisherRule } from './topicPublisherRule.ts';

const ROLE = 'OnOrderPlacedIamRoleLambdaExecution';

// Replaces the Resource of the fixture role's sns:Publish statement (its 4th).
const publishingTo = (resource: unknown) =>
  stackWith(ROLE, (properties) => {
    const [policy] = properties.Policies as {
      PolicyDocument: { Statement: Record<string, unknown>[] };
    }[];
    const statement = policy!.PolicyDocument.Statement[3];
    if (statement?.Action !== 'sns:Publish') throw new Error('fixture role changed');
    statement.Resource = resource;
  });

describe('topicPublisherRule', () => {
  it('passes a topic that a function may publish to, by Ref or by its ARN', () => {
    // Prepare
    const byArn = publishingTo(topicArn('conveyor-dev-inventory-events.fifo'));

    // Act
    const lines = [
      ...violationLines(topicPublisherRule, stackOf(passingResources())),
      ...violationLines(topicPublisherRule, byArn),
    ];

    // Assess
    expect(lines).toEqual([]);
  });

  it('fails a topic no statement allows publishing to, as when the grant is forgotten', () => {
    // Prepare
    const stack = stackWith(ROLE, (properties) => {
      const [policy] = properties.Policies as { PolicyDocument: { Statement: unknown[] } }[];
      policy!.PolicyDocument.Statement.pop();
    });

    // Act
    const lines = violationLines(topicPublisherRule, stack);

    // Assess
    expect(lines).toEqual([
      "inventory: InventoryEventsTopic: topic-publisher: no IAM statement of the template allows sns:Publish on conveyor-dev-inventory-events.fifo, so its producer's every publish fails with AuthorizationError; grant it to the publishing function (iamRoleStatements in serverless.yml)",
    ]);
  });

  it('fails a grant on a topic of another template, and still misses its own topic', () => {
    // Prepare
    const stack = publishingTo(topicArn('conveyor-dev-order-events.fifo'));

    // Act
    const lines = violationLines(topicPublisherRule, stack);

    // Assess
    expect(lines).toEqual([
      `inventory: ${ROLE}: topic-publisher: Policies[0] statement #4: allows sns:Publish on conveyor-dev-order-events.fifo, a topic this template does not create; a service publishes to its own topics only`,
      "inventory: InventoryEventsTopic: topic-publisher: no IAM statement of the template allows sns:Publish on conveyor-dev-inventory-events.fifo, so its producer's every publish fails with AuthorizationError; grant it to the publishing function (iamRoleStatements in serverless.yml)",
    ]);
  });

  it('reads the action in any case, and leaves a Deny and other actions alone', () => {
    // Prepare
    const lowerCase = stackWith(ROLE, (properties) => {
      const [policy] = properties.Policies as {
        PolicyDocument: { Statement: Record<string, unknown>[] };
      }[];
      policy!.PolicyDocument.Statement[3]!.Action = ['SNS:publish'];
    });
    const denied = stackWith(ROLE, (properties) => {
      const [policy] = properties.Policies as {
        PolicyDocument: { Statement: Record<string, unknown>[] };
      }[];
      policy!.PolicyDocument.Statement[3]!.Effect = 'Deny';
    });

    // Act
    const lowerCaseLines = violationLines(topicPublisherRule, lowerCase);
    const deniedLines = violationLines(topicPublisherRule, denied);

    // Assess
    expect(lowerCaseLines).toEqual([]);
    expect(deniedLines).toHaveLength(1);
    expect(deniedLines[0]).toContain('InventoryEventsTopic: topic-publisher: no IAM statement');
  });

  it('names a resource it cannot read as written', () => {
    // Prepare
    const stack = publishingTo({ 'Fn::ImportValue': 'someone-elses-topic' });

    // Act
    const lines = violationLines(topicPublisherRule, stack);

    // Assess
    expect(lines[0]).toBe(
      `inventory: ${ROLE}: topic-publisher: Policies[0] statement #4: allows sns:Publish on {"Fn::ImportValue":"someone-elses-topic"}, a topic this template does not create; a service publishes to its own topics only`,
    );
  });
});
