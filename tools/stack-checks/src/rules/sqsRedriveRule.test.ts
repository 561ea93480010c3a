import { describe, expect, it } from 'vitest';
import {
  passingResources,
  queueArn,
  stackOf,
  stackWith,
  violationLines,
  withSubscriptionDlq,
} from '../../tests/fixtures/fixtureStack.ts';
import { sqsRedriveRule } from './sqsRedriveRule.ts';

describe('sqsRedriveRule', () => {
  it('passes a queue with a same-kind DLQ, 3 receives and 14-day DLQ retention', () => {
    // Act
    const lines = violationLines(sqsRedriveRule, stackOf(passingResources()));

    // Assess
    expect(lines).toEqual([]);
  });

  it('reads a RedrivePolicy written as a JSON string', () => {
    // Prepare
    const stack = stackWith('OrdersQueue', (properties) => {
      properties.RedrivePolicy =
        '{"deadLetterTargetArn":{"Fn::GetAtt":["OrdersDlq","Arn"]},"maxReceiveCount":"3"}';
    });

    // Act
    const lines = violationLines(sqsRedriveRule, stack);

    // Assess
    expect(lines).toEqual([]);
  });

  it('fails a maxReceiveCount other than 3', () => {
    // Prepare
    const stack = stackWith('OrdersQueue', (properties) => {
      properties.RedrivePolicy = {
        deadLetterTargetArn: { 'Fn::GetAtt': ['OrdersDlq', 'Arn'] },
        maxReceiveCount: 5,
      };
    });

    // Act
    const lines = violationLines(sqsRedriveRule, stack);

    // Assess
    expect(lines).toEqual(['inventory: OrdersQueue: sqs-redrive: maxReceiveCount is 5, must be 3']);
  });

  it('fails a queue without a RedrivePolicy, and the DLQ nothing dead-letters to any more', () => {
    // Prepare: neither the queue nor its subscription dead-letters to OrdersDlq.
    const resources = passingResources();
    delete resources.OrdersQueue!.Properties.RedrivePolicy;
    delete resources.OrderEventsSubscription!.Properties.RedrivePolicy;

    // Act
    const lines = violationLines(sqsRedriveRule, stackOf(resources));

    // Assess
    expect(lines).toEqual([
      'inventory: OrdersQueue: sqs-redrive: has no RedrivePolicy; every queue needs a DLQ',
      'inventory: OrdersDlq: sqs-redrive: has no RedrivePolicy; every queue needs a DLQ',
    ]);
  });

  it('fails a FIFO queue whose DLQ is a standard queue', () => {
    // Prepare
    const stack = stackWith('OrdersDlq', (properties) => {
      delete properties.FifoQueue;
    });

    // Act
    const lines = violationLines(sqsRedriveRule, stack);

    // Assess
    expect(lines).toEqual([
      'inventory: OrdersQueue: sqs-redrive: is a FIFO queue but its DLQ OrdersDlq is standard',
    ]);
  });

  it('fails a dead-letter target outside the template', () => {
    // Prepare
    const stack = stackWith('OrdersQueue', (properties) => {
      properties.RedrivePolicy = {
        deadLetterTargetArn: 'arn:aws:sqs:us-east-1:123456789012:somewhere-dlq.fifo',
        maxReceiveCount: 3,
      };
    });

    // Act
    const lines = violationLines(sqsRedriveRule, stack);

    // Assess
    expect(lines).toContain(
      'inventory: OrdersQueue: sqs-redrive: RedrivePolicy deadLetterTargetArn must be Fn::GetAtt <DLQ>.Arn of a queue in this template',
    );
  });

  it('fails a DLQ that keeps messages less than 14 days', () => {
    // Prepare
    const stack = stackWith('OrdersDlq', (properties) => {
      properties.MessageRetentionPeriod = 345600;
    });

    // Act
    const lines = violationLines(sqsRedriveRule, stack);

    // Assess
    expect(lines).toEqual([
      'inventory: OrdersDlq: sqs-redrive: MessageRetentionPeriod is 345600, must be 1209600 (14 days)',
    ]);
  });

  it('treats the DLQ of a subscription as a DLQ: no redrive of its own, kept 14 days', () => {
    // Prepare
    const resources = withSubscriptionDlq();
    const passing = violationLines(sqsRedriveRule, stackOf(resources));
    resources.OrdersSubscriptionDlq!.Properties.MessageRetentionPeriod = 345600;

    // Act
    const lines = violationLines(sqsRedriveRule, stackOf(resources));

    // Assess
    expect(passing).toEqual([]);
    expect(lines).toEqual([
      'inventory: OrdersSubscriptionDlq: sqs-redrive: MessageRetentionPeriod is 345600, must be 1209600 (14 days)',
    ]);
  });
  it('fails a DLQ without a RedriveAllowPolicy, naming the queue it must allow', () => {
    // Prepare
    const stack = stackWith('OrdersDlq', (properties) => {
      delete properties.RedriveAllowPolicy;
    });

    // Act
    const lines = violationLines(sqsRedriveRule, stack);

    // Assess
    expect(lines).toEqual([
      'inventory: OrdersDlq: sqs-redrive: has no RedriveAllowPolicy; must be byQueue naming conveyor-dev-inventory-orders.fifo',
    ]);
  });

  it('fails a DLQ that lets any queue, or another queue, dead-letter into it', () => {
    // Prepare
    const allowAll = stackWith('OrdersDlq', (properties) => {
      properties.RedriveAllowPolicy = { redrivePermission: 'allowAll' };
    });
    const another = stackWith('OrdersDlq', (properties) => {
      properties.RedriveAllowPolicy = JSON.stringify({
        redrivePermission: 'byQueue',
        sourceQueueArns: ['arn:aws:sqs:us-east-1:123456789012:conveyor-dev-other.fifo'],
      });
    });

    // Act
    const allowAllLines = violationLines(sqsRedriveRule, allowAll);
    const anotherLines = violationLines(sqsRedriveRule, another);

    // Assess
    expect(allowAllLines).toEqual([
      'inventory: OrdersDlq: sqs-redrive: RedriveAllowPolicy is allowAll, must be byQueue naming conveyor-dev-inventory-orders.fifo',
    ]);
    expect(anotherLines).toEqual([
      'inventory: OrdersDlq: sqs-redrive: RedriveAllowPolicy names conveyor-dev-other.fifo, must be byQueue naming conveyor-dev-inventory-orders.fifo',
    ]);
  });

  it('requires denyAll on a DLQ that only SNS delivers to', () => {
    // Prepare
    const resources = withSubscriptionDlq();
    resources.OrdersSubscriptionDlq!.Properties.RedriveAllowPolicy = {
      redrivePermission: 'byQueue',
      sourceQueueArns: [queueArn('conveyor-dev-inventory-orders.fifo')],
    };

    // Act
    const lines = violationLines(sqsRedriveRule, stackOf(resources));

    // Assess
    expect(lines).toEqual([
      'inventory: OrdersSubscriptionDlq: sqs-redrive: RedriveAllowPolicy is byQueue, must be denyAll (no queue of the template dead-letters into it)',
    ]);
  });
});
