import { describe, expect, it } from 'vitest';
import {
  passingResources,
  stackOf,
  stackWith,
  topicArn,
  violationLines,
} from '../../tests/fixtures/fixtureStack.ts';
import { subscriptionRedriveRule } from './subscriptionRedriveRule.ts';

const SUBSCRIPTION = 'OrderEventsSubscription';

describe('subscriptionRedriveRule', () => {
  it('passes a subscription that dead-letters to a FIFO queue of the template', () => {
    // Act
    const lines = violationLines(subscriptionRedriveRule, stackOf(passingResources()));

    // Assess
    expect(lines).toEqual([]);
  });

  it('reads a RedrivePolicy written as JSON text', () => {
    // Prepare
    const stack = stackWith(SUBSCRIPTION, (properties) => {
      properties.RedrivePolicy = JSON.stringify({
        deadLetterTargetArn: { 'Fn::GetAtt': ['OrdersDlq', 'Arn'] },
      });
    });

    // Act
    const lines = violationLines(subscriptionRedriveRule, stack);

    // Assess
    expect(lines).toEqual([]);
  });

  it('fails an SQS subscription without a RedrivePolicy', () => {
    // Prepare
    const stack = stackWith(SUBSCRIPTION, (properties) => {
      delete properties.RedrivePolicy;
    });

    // Act
    const lines = violationLines(subscriptionRedriveRule, stack);

    // Assess
    expect(lines).toEqual([
      `inventory: ${SUBSCRIPTION}: subscription-redrive: has no RedrivePolicy; a message SNS cannot deliver to the queue would be dropped`,
    ]);
  });

  it('fails a RedrivePolicy without a deadLetterTargetArn', () => {
    // Prepare
    const stack = stackWith(SUBSCRIPTION, (properties) => {
      properties.RedrivePolicy = {};
    });

    // Act
    const lines = violationLines(subscriptionRedriveRule, stack);

    // Assess
    expect(lines).toEqual([
      `inventory: ${SUBSCRIPTION}: subscription-redrive: RedrivePolicy has no deadLetterTargetArn`,
    ]);
  });

  it('fails a dead-letter target that is not a queue of the template', () => {
    // Prepare
    const stack = stackWith(SUBSCRIPTION, (properties) => {
      properties.RedrivePolicy = {
        deadLetterTargetArn: 'arn:aws:sqs:us-east-1:123456789012:elsewhere-dlq.fifo',
      };
    });

    // Act
    const lines = violationLines(subscriptionRedriveRule, stack);

    // Assess
    expect(lines).toEqual([
      `inventory: ${SUBSCRIPTION}: subscription-redrive: RedrivePolicy deadLetterTargetArn must be Fn::GetAtt <DLQ>.Arn of a queue in this template`,
    ]);
  });

  it('fails a standard DLQ for a subscription to a FIFO topic', () => {
    // Prepare: a standard queue subscribed to a FIFO topic, dead-lettering to its own DLQ.
    const resources = passingResources();
    resources.AudienceDlq = {
      Type: 'AWS::SQS::Queue',
      Properties: { QueueName: 'conveyor-dev-marketing-audience-dlq' },
    };
    Object.assign(resources.OrderEventsSubscription!.Properties, {
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['AudienceDlq', 'Arn'] } },
    });

    // Act
    const lines = violationLines(subscriptionRedriveRule, stackOf(resources));

    // Assess
    expect(lines).toEqual([
      `inventory: ${SUBSCRIPTION}: subscription-redrive: subscribes to the FIFO topic conveyor-dev-order-events.fifo, but its DLQ AudienceDlq is a standard queue; SNS needs a FIFO DLQ`,
    ]);
  });

  it('fails a FIFO DLQ for a subscription to a standard topic', () => {
    // Prepare
    const stack = stackWith(SUBSCRIPTION, (properties) => {
      properties.TopicArn = topicArn('conveyor-dev-audit-events');
    });

    // Act
    const lines = violationLines(subscriptionRedriveRule, stack);

    // Assess
    expect(lines).toEqual([
      `inventory: ${SUBSCRIPTION}: subscription-redrive: subscribes to the standard topic conveyor-dev-audit-events, but its DLQ OrdersDlq is a FIFO queue; SNS needs a standard DLQ`,
    ]);
  });

  it('leaves subscriptions that do not deliver to SQS alone', () => {
    // Prepare
    const stack = stackWith(SUBSCRIPTION, (properties) => {
      Object.assign(properties, { Protocol: 'email', Endpoint: 'ops@example.com' });
      delete properties.RedrivePolicy;
    });

    // Act
    const lines = violationLines(subscriptionRedriveRule, stack);

    // Assess
    expect(lines).toEqual([]);
  });
});
