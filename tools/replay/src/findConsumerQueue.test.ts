import { describe, expect, it } from 'vitest';
import { UsageError } from './errors.ts';
import { findConsumerQueue } from './findConsumerQueue.ts';

describe('findConsumerQueue', () => {
  it.each([
    'email-notifications',
    'email-notifications.fifo',
    'conveyor-dev-email-notifications.fifo',
    'emailNotifications',
    'email',
  ])('finds the email queue by %s', (input) => {
    // Act
    const queue = findConsumerQueue('dev', input);

    // Assess
    expect(queue).toMatchObject({
      key: 'emailNotifications',
      consumer: 'email',
      fifo: true,
      name: 'conveyor-dev-email-notifications.fifo',
    });
    expect(queue.topics).toContainEqual({
      key: 'orderEvents',
      name: 'conveyor-dev-order-events.fifo',
    });
  });

  it('refuses a consumer with several queues, naming them', () => {
    // Act
    const find = () => findConsumerQueue('dev', 'inventory');

    // Assess
    expect(find).toThrow(
      /"inventory" matches several queues \(conveyor-dev-inventory-orders\.fifo/,
    );
  });

  it("refuses another stage's full name and an unknown queue, listing the known ones", () => {
    // Act
    const otherStage = () => findConsumerQueue('dev', 'conveyor-prod-email-notifications.fifo');
    const unknown = () => findConsumerQueue('dev', 'sms');

    // Assess
    expect(otherStage).toThrow(/is not a queue of stage "dev"/);
    expect(unknown).toThrow(UsageError);
    expect(unknown).toThrow(/Unknown queue "sms"\. Known queues: inventory-orders, /);
  });

  it('refuses an invalid stage name', () => {
    // Act
    const find = () => findConsumerQueue('Prod!', 'email');

    // Assess
    expect(find).toThrow(UsageError);
  });
});
