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
  it.each([
    ['Ref', { Ref: 'InventoryEventsTopic' }],
    ['its Fn::Sub ARN', topicArn('conveyor-dev-inventory-events.fifo')],
    ['Fn::GetAtt TopicArn', { 'Fn::GetAtt': ['InventoryEventsTopic', 'TopicArn'] }],
    ['Fn::Sub of the topic', { 'Fn::Sub': '${InventoryEventsTopic}' }],
  ])('passes a topic that a function may publish to, named by %s', (_form, resource) => {
    // Act
    const lines = violationLines(topicPublisherRule, publishingTo(resource));

    // Assess
    expect(lines).toEqual([]);
  });

  it('counts a wildcard action that covers sns:Publish as the grant (iam-wildcard reports it)', () => {
    // Prepare
    const stacks = ['sns:*', 'SNS:Pub*', 'sns:Publis?'].map((action) =>
      stackWith(ROLE, (properties) => {
        const [policy] = properties.Policies as {
          PolicyDocument: { Statement: Record<string, unknown>[] };
        }[];
        policy!.PolicyDocument.Statement[3]!.Action = action;
      }),
    );

    // Act
    const lines = stacks.flatMap((stack) => violationLines(topicPublisherRule, stack));

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

  it('names a topic without a literal TopicName by its logical id', () => {
    // Prepare
    const withSubName = (publishes: boolean) => {
      const resources = passingResources();
      resources.InventoryEventsTopic!.Properties.TopicName = {
        'Fn::Sub': '${AWS::StackName}-events.fifo',
      };
      const [policy] = resources[ROLE]!.Properties.Policies as {
        PolicyDocument: { Statement: unknown[] };
      }[];
      if (!publishes) policy!.PolicyDocument.Statement.pop();
      return stackOf(resources);
    };

    // Act
    const [granted, missing] = [withSubName(true), withSubName(false)].map((each) =>
      violationLines(topicPublisherRule, each),
    );

    // Assess
    expect(granted).toEqual([]);
    expect(missing).toEqual([
      "inventory: InventoryEventsTopic: topic-publisher: no IAM statement of the template allows sns:Publish on InventoryEventsTopic, so its producer's every publish fails with AuthorizationError; grant it to the publishing function (iamRoleStatements in serverless.yml)",
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
    const otherAction = stackWith(ROLE, (properties) => {
      const [policy] = properties.Policies as {
        PolicyDocument: { Statement: Record<string, unknown>[] };
      }[];
      policy!.PolicyDocument.Statement[3]!.Action = ['sns:GetTopicAttributes'];
      policy!.PolicyDocument.Statement[3]!.Resource = topicArn('conveyor-dev-order-events.fifo');
    });

    // Act
    const lowerCaseLines = violationLines(topicPublisherRule, lowerCase);
    const deniedLines = violationLines(topicPublisherRule, denied);
    const otherActionLines = violationLines(topicPublisherRule, otherAction);

    // Assess
    expect(lowerCaseLines).toEqual([]);
    expect(deniedLines).toHaveLength(1);
    expect(deniedLines[0]).toContain('InventoryEventsTopic: topic-publisher: no IAM statement');
    // Not a publish: neither a grant of its own topic nor one on another's.
    expect(otherActionLines).toHaveLength(1);
    expect(otherActionLines[0]).toContain(
      'InventoryEventsTopic: topic-publisher: no IAM statement',
    );
  });

  it('says a Ref to no resource of the template may be a topic missing from topology.json', () => {
    // Prepare
    const stack = publishingTo({ Ref: 'DeliveryEventsTopic' });

    // Act
    const lines = violationLines(topicPublisherRule, stack);

    // Assess
    expect(lines[0]).toBe(
      `inventory: ${ROLE}: topic-publisher: Policies[0] statement #4: allows sns:Publish on DeliveryEventsTopic, which names no resource of this template: is its topic in libs/event-types/topology.json (topics.<key>, producer inventory)?`,
    );
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
