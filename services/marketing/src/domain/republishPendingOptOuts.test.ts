import type { CustomerUnsubscribedV1 } from '@conveyor/event-types';
import { describe, expect, it } from 'vitest';
import { inMemoryContactStore } from '../../tests/support/inMemoryContactStore.ts';
import { republishPendingOptOuts } from './republishPendingOptOuts.ts';
import { unsubscribeCustomer } from './unsubscribeCustomer.ts';

const failingFor =
  (customerIds: readonly string[], sent: CustomerUnsubscribedV1[]) =>
  async (event: CustomerUnsubscribedV1) => {
    await Promise.resolve();
    if (customerIds.includes(event.aggregateId)) throw new Error('topic unavailable');
    sent.push(event);
  };

describe('republishPendingOptOuts', () => {
  it('sends each pending opt-out its stored event, unchanged, once', async () => {
    // Prepare: three clicks whose publish failed, the way a crash after the write leaves them.
    const store = inMemoryContactStore();
    const lost: CustomerUnsubscribedV1[] = [];
    const clicks = await Promise.all(
      ['cus-1', 'cus-2', 'cus-3'].map((customerId) =>
        unsubscribeCustomer(
          { customerId, correlationId: `req-${customerId}` },
          {
            ...store,
            publishEvent: failingFor([customerId], lost),
            onPublishFailed: () => undefined,
            now: () => new Date('2026-04-01T09:00:00.000Z'),
          },
        ),
      ),
    );
    const sent: CustomerUnsubscribedV1[] = [];
    const deps = { ...store, publishEvent: failingFor([], sent), onPublishFailed: () => undefined };

    // Act
    const first = await republishPendingOptOuts({}, deps);
    const second = await republishPendingOptOuts({}, deps);

    // Assess
    expect(lost).toEqual([]);
    expect(first.republished.toSorted()).toEqual(['cus-1', 'cus-2', 'cus-3']);
    expect(first.failed).toEqual([]);
    expect(sent.map((event) => event.eventId).toSorted()).toEqual(
      clicks.map((click) => click.eventId).toSorted(),
    );
    expect(second).toEqual({ republished: [], failed: [] });
  });

  it('leaves an opt-out whose publish fails again for the next run, and sends the others', async () => {
    // Prepare
    const store = inMemoryContactStore();
    for (const customerId of ['cus-1', 'cus-2']) {
      await unsubscribeCustomer(
        { customerId, correlationId: 'req' },
        {
          ...store,
          publishEvent: failingFor([customerId], []),
          onPublishFailed: () => undefined,
          now: () => new Date(),
        },
      );
    }
    const sent: CustomerUnsubscribedV1[] = [];
    const failures: string[] = [];
    const deps = {
      ...store,
      publishEvent: failingFor(['cus-1'], sent),
      onPublishFailed: (customerId: string) => failures.push(customerId),
    };

    // Act
    const result = await republishPendingOptOuts({}, deps);

    // Assess
    expect(result).toEqual({ republished: ['cus-2'], failed: ['cus-1'] });
    expect(failures).toEqual(['cus-1']);
    expect(sent.map((event) => event.aggregateId)).toEqual(['cus-2']);
    expect(store.contacts.get('cus-1')?.optOut?.pending).toBe(true);
  });
});
