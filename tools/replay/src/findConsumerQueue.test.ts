import { topology } from '@conveyor/event-types';
import { describe, expect, it } from 'vitest';
import { UsageError } from './errors.ts';
import { findConsumerQueue } from './findConsumerQueue.ts';

describe('findConsumerQueue', () => {
  it.each([
    'email-notifications',
    'email-notifications.fifo',
    'conveyor-dev-email-notifications.fifo',
    'emailNotifications',
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

  it('finds the one queue of a consumer by the consumer, whichever consumer has only one', () => {
    // Prepare: from the topology, so a queue a team adds to one service leaves this test alone.
    const queues = Object.entries(topology.queues);
    const single = queues.find(
      ([, queue]) => queues.filter(([, other]) => other.consumer === queue.consumer).length === 1,
    );
    if (single === undefined) throw new Error('every consumer has several queues: nothing to find');
    const [key, { consumer, name }] = single;

    // Act
    const queue = findConsumerQueue('dev', consumer);

    // Assess
    expect(queue).toMatchObject({ key, consumer, name: `conveyor-dev-${name}` });
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
    const find = () => findConsumerQueue('Prod!', 'email-notifications');

    // Assess
    expect(find).toThrow(UsageError);
  });
});
