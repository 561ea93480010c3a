import { describe, expect, it } from 'vitest';
import {
  passingResources,
  stackOf,
  stackWith,
  violationLines,
  withSubscriptionDlq,
} from '../../tests/fixtures/fixtureStack.ts';
import { queueAlarmsRule } from './queueAlarmsRule.ts';

describe('queueAlarmsRule', () => {
  it('passes a DLQ depth alarm and a source queue age alarm', () => {
    // Act
    const lines = violationLines(queueAlarmsRule, stackOf(passingResources()));

    // Assess
    expect(lines).toEqual([]);
  });

  it('finds an alarm by the literal queue name too', () => {
    // Prepare
    const stack = stackWith('OrdersDlqDepthAlarm', (properties) => {
      properties.Dimensions = [
        { Name: 'QueueName', Value: 'conveyor-dev-inventory-orders-dlq.fifo' },
      ];
    });

    // Act
    const lines = violationLines(queueAlarmsRule, stack);

    // Assess
    expect(lines).toEqual([]);
  });

  it('fails a DLQ without a depth alarm', () => {
    // Prepare
    const resources = passingResources();
    delete resources.OrdersDlqDepthAlarm;

    // Act
    const lines = violationLines(queueAlarmsRule, stackOf(resources));

    // Assess
    expect(lines).toEqual([
      'inventory: OrdersDlq: queue-alarms: DLQ has no alarm on ApproximateNumberOfMessagesVisible',
    ]);
  });

  it('fails a DLQ alarm that waits for several messages', () => {
    // Prepare
    const stack = stackWith('OrdersDlqDepthAlarm', (properties) => {
      properties.Threshold = 5;
    });

    // Act
    const lines = violationLines(queueAlarmsRule, stack);

    // Assess
    expect(lines).toEqual([
      'inventory: OrdersDlq: queue-alarms: DLQ alarm OrdersDlqDepthAlarm must fire on the first message (GreaterThanThreshold 0)',
    ]);
  });

  it('fails a source queue whose age alarm watches another queue', () => {
    // Prepare
    const stack = stackWith('OrdersQueueAgeAlarm', (properties) => {
      properties.Dimensions = [
        { Name: 'QueueName', Value: { 'Fn::GetAtt': ['OrdersDlq', 'QueueName'] } },
      ];
    });

    // Act
    const lines = violationLines(queueAlarmsRule, stack);

    // Assess
    expect(lines).toEqual([
      'inventory: OrdersQueue: queue-alarms: source queue has no alarm on ApproximateAgeOfOldestMessage',
    ]);
  });

  it('asks a depth alarm of the DLQ of a subscription too', () => {
    // Prepare
    const resources = withSubscriptionDlq();

    // Act
    const lines = violationLines(queueAlarmsRule, stackOf(resources));

    // Assess
    expect(lines).toEqual([
      'inventory: OrdersSubscriptionDlq: queue-alarms: DLQ has no alarm on ApproximateNumberOfMessagesVisible',
    ]);
  });
});
