import { describe, expect, it } from 'vitest';
import {
  passingResources,
  stackOf,
  stackWith,
  topicArn,
  violationLines,
  withSubscriptionDlq,
} from '../../tests/fixtures/fixtureStack.ts';
import { queuePolicyRule } from './queuePolicyRule.ts';

// The fixture policy's one statement, to change in place.
const statementOf = (properties: Record<string, unknown>): Record<string, unknown> =>
  (properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement[0]!;

describe('queuePolicyRule', () => {
  it('passes SNS sending from the subscribed topic only', () => {
    // Act
    const lines = violationLines(queuePolicyRule, stackOf(passingResources()));

    // Assess
    expect(lines).toEqual([]);
  });

  it('fails a principal other than SNS', () => {
    // Prepare
    const stack = stackWith('OrdersQueuePolicy', (properties) => {
      statementOf(properties).Principal = '*';
    });

    // Act
    const lines = violationLines(queuePolicyRule, stack);

    // Assess
    expect(lines).toEqual([
      'inventory: OrdersQueuePolicy: queue-policy: statement AllowOrderEventsTopic: Principal must be only the service sns.amazonaws.com',
    ]);
  });

  it('fails an action other than sqs:SendMessage', () => {
    // Prepare
    const stack = stackWith('OrdersQueuePolicy', (properties) => {
      statementOf(properties).Action = ['sqs:SendMessage', 'sqs:*'];
    });

    // Act
    const lines = violationLines(queuePolicyRule, stack);

    // Assess
    expect(lines).toEqual([
      'inventory: OrdersQueuePolicy: queue-policy: statement AllowOrderEventsTopic: Action must be only sqs:SendMessage, not ["sqs:SendMessage","sqs:*"]',
    ]);
  });

  it('fails a statement without an aws:SourceArn condition', () => {
    // Prepare
    const stack = stackWith('OrdersQueuePolicy', (properties) => {
      delete statementOf(properties).Condition;
    });

    // Act
    const lines = violationLines(queuePolicyRule, stack);

    // Assess
    expect(lines).toEqual([
      'inventory: OrdersQueuePolicy: queue-policy: statement AllowOrderEventsTopic: no ArnEquals aws:SourceArn condition limits it to the subscribed topics',
    ]);
  });

  it('fails a source ARN that is not the topic the queue subscribes to', () => {
    // Prepare
    const stack = stackWith('OrdersQueuePolicy', (properties) => {
      statementOf(properties).Condition = {
        ArnEquals: { 'aws:SourceArn': topicArn('conveyor-dev-shipping-events.fifo') },
      };
    });

    // Act
    const lines = violationLines(queuePolicyRule, stack);

    // Assess
    expect(lines).toEqual([
      'inventory: OrdersQueuePolicy: queue-policy: statement AllowOrderEventsTopic: aws:SourceArn allows conveyor-dev-shipping-events.fifo, which no subscription of its queue uses',
      'inventory: OrdersQueuePolicy: queue-policy: statement AllowOrderEventsTopic: aws:SourceArn lacks conveyor-dev-order-events.fifo, which its queue subscribes to',
    ]);
  });

  it('fails a subscribed queue, and the DLQ of its subscription, that no queue policy covers', () => {
    // Prepare
    const resources = passingResources();
    delete resources.OrdersQueuePolicy;

    // Act
    const lines = violationLines(queuePolicyRule, stackOf(resources));

    // Assess
    expect(lines).toEqual([
      'inventory: OrdersQueue: queue-policy: is subscribed to topics, but no AWS::SQS::QueuePolicy lets them send to it',
      'inventory: OrdersDlq: queue-policy: is the DLQ of subscriptions, but no AWS::SQS::QueuePolicy lets their topics send to it, so SNS could not dead-letter',
    ]);
  });

  it('passes a policy of its own for the DLQ of a subscription', () => {
    // Act
    const lines = violationLines(queuePolicyRule, stackOf(withSubscriptionDlq()));

    // Assess
    expect(lines).toEqual([]);
  });

  it('fails the DLQ of a subscription that no queue policy lets SNS send to', () => {
    // Prepare
    const resources = withSubscriptionDlq();
    delete resources.OrdersSubscriptionDlqPolicy;

    // Act
    const lines = violationLines(queuePolicyRule, stackOf(resources));

    // Assess
    expect(lines).toEqual([
      'inventory: OrdersSubscriptionDlq: queue-policy: is the DLQ of subscriptions, but no AWS::SQS::QueuePolicy lets their topics send to it, so SNS could not dead-letter',
    ]);
  });

  it('fails a DLQ policy that lets in a topic whose subscriptions do not dead-letter there', () => {
    // Prepare
    const resources = withSubscriptionDlq();
    statementOf(resources.OrdersSubscriptionDlqPolicy!.Properties).Condition = {
      ArnEquals: { 'aws:SourceArn': topicArn('conveyor-dev-shipping-events.fifo') },
    };

    // Act
    const lines = violationLines(queuePolicyRule, stackOf(resources));

    // Assess
    expect(lines).toEqual([
      'inventory: OrdersSubscriptionDlqPolicy: queue-policy: statement AllowOrderEventsTopic: aws:SourceArn allows conveyor-dev-shipping-events.fifo, which no subscription of its queue uses',
      'inventory: OrdersSubscriptionDlqPolicy: queue-policy: statement AllowOrderEventsTopic: aws:SourceArn lacks conveyor-dev-order-events.fifo, which its queue subscribes to',
    ]);
  });
});
