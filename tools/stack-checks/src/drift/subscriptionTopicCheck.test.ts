import { describe, expect, it } from 'vitest';
import { contractFixture, subscriptionOf } from '../../tests/fixtures/fixtureContracts.ts';
import { topicArn } from '../../tests/fixtures/fixtureStack.ts';
import { formatViolation } from '../violation.ts';
import { checkSubscriptionTopics } from './subscriptionTopicCheck.ts';

describe('checkSubscriptionTopics', () => {
  it('passes a subscription to a topic another service creates', () => {
    // Prepare
    const { stacks } = contractFixture();

    // Act
    const lines = checkSubscriptionTopics(stacks).map(formatViolation);

    // Assess
    expect(lines).toEqual([]);
  });

  it('fails a subscription to a topic no service creates', () => {
    // Prepare
    const { stacks } = contractFixture({
      change: (resources) => {
        subscriptionOf(resources).TopicArn = topicArn('conveyor-dev-order-event.fifo');
      },
    });

    // Act
    const lines = checkSubscriptionTopics(stacks).map(formatViolation);

    // Assess
    expect(lines).toEqual([
      'inventory: OrderEventsSubscription: subscription-topic: TopicArn points at conveyor-dev-order-event.fifo, which no service of the repo creates',
    ]);
  });

  it('fails once the producer drops the topic', () => {
    // Prepare
    const { stacks } = contractFixture();
    const [, consumer] = stacks;

    // Act
    const lines = checkSubscriptionTopics([consumer!]).map(formatViolation);

    // Assess
    expect(lines).toEqual([
      'inventory: OrderEventsSubscription: subscription-topic: TopicArn points at conveyor-dev-order-events.fifo, which no service of the repo creates',
    ]);
  });

  it('fails a TopicArn it cannot read as a topic ARN', () => {
    // Prepare
    const { stacks } = contractFixture({
      change: (resources) => {
        subscriptionOf(resources).TopicArn = { 'Fn::ImportValue': 'OrderEventsTopicArn' };
      },
    });

    // Act
    const lines = checkSubscriptionTopics(stacks).map(formatViolation);

    // Assess
    expect(lines).toEqual([
      'inventory: OrderEventsSubscription: subscription-topic: TopicArn is not an SNS topic ARN the check can read; build it with Fn::Sub from ${AWS::Partition}, ${AWS::Region}, ${AWS::AccountId} and the topic name',
    ]);
  });
});
