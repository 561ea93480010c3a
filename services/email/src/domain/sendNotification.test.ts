import { buildEvent, exampleEventData } from '@conveyor/event-types';
import { describe, expect, it } from 'vitest';
import { fakeMailer } from '../../tests/support/fakeMailer.ts';
import { inMemorySentEmails } from '../../tests/support/inMemorySentEmails.ts';
import { inMemoryWelcomes } from '../../tests/support/inMemoryWelcomes.ts';
import {
  EmailInProgressError,
  sendNotification,
  type SendNotificationDeps,
} from './sendNotification.ts';

const ORDER_ID = '22222222-2222-4222-8222-222222222222';
const LEASE_MS = 10_000;

const placed = () =>
  buildEvent({
    eventType: 'order.placed',
    version: 1,
    aggregateId: ORDER_ID,
    data: exampleEventData['order.placed'](),
  });

const registered = (marketingOptIn = true) =>
  buildEvent({
    eventType: 'customer.registered',
    version: 1,
    aggregateId: 'cus-1001',
    data: { ...exampleEventData['customer.registered'](), marketingOptIn },
  });

const setup = () => {
  const ledger = inMemorySentEmails();
  const welcomes = inMemoryWelcomes();
  const mailer = fakeMailer();
  const clock = { now: new Date('2026-11-20T10:00:00.000Z') };
  const releaseFailures: string[] = [];
  const pauses: number[] = [];
  const retries: { eventId: string; retryInMs: number }[] = [];
  let tokens = 0;
  const deps: SendNotificationDeps = {
    ...ledger,
    claimWelcome: welcomes.claimWelcome,
    unsubscribeLinkFor: (customerId) =>
      `https://marketing.test/audience/unsubscribe?for=${customerId}`,
    sendEmail: mailer.sendEmail,
    onReleaseFailed: (eventId) => {
      releaseFailures.push(eventId);
    },
    now: () => clock.now,
    newClaimToken: () => `token-${String((tokens += 1))}`,
    pause: (ms) => {
      pauses.push(ms);
      return Promise.resolve();
    },
    onMarkSentRetry: (eventId, retryInMs) => {
      retries.push({ eventId, retryInMs });
    },
  };
  const advance = (ms: number) => {
    clock.now = new Date(clock.now.getTime() + ms);
  };
  return { ledger, welcomes, mailer, deps, advance, releaseFailures, pauses, retries };
};

describe('sendNotification', () => {
  it('sends the mail and records it SENT with the message id and a masked recipient', async () => {
    // Prepare
    const { ledger, mailer, deps } = setup();
    const event = placed();

    // Act
    const result = await sendNotification({ event, leaseMs: LEASE_MS }, deps);

    // Assess
    expect(result).toEqual({
      outcome: 'sent',
      template: 'order-confirmation',
      messageId: 'msg-1',
      attempts: 1,
      recorded: true,
    });
    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]?.email.to).toBe('ada.lovelace@example.com');
    expect(mailer.sent[0]?.eventId).toBe(event.eventId);
    expect(await ledger.getSentEmail(event.eventId)).toEqual({
      eventId: event.eventId,
      eventType: 'order.placed',
      orderId: ORDER_ID,
      template: 'order-confirmation',
      recipient: 'a***e@e***.com',
      status: 'SENT',
      attempts: 1,
      claimedAt: '2026-11-20T10:00:00.000Z',
      messageId: 'msg-1',
      sentAt: '2026-11-20T10:00:00.000Z',
    });
  });

  it('sends nothing for a duplicate delivery of a sent event', async () => {
    // Prepare
    const { mailer, deps, advance } = setup();
    const event = placed();
    await sendNotification({ event, leaseMs: LEASE_MS }, deps);
    advance(60_000);

    // Act
    const result = await sendNotification({ event, leaseMs: LEASE_MS }, deps);

    // Assess
    expect(result).toEqual({
      outcome: 'already-sent',
      template: 'order-confirmation',
      messageId: 'msg-1',
    });
    expect(mailer.sent).toHaveLength(1);
  });

  it('sends nothing while another attempt holds a live claim, and says to retry', async () => {
    // Prepare
    const { ledger, mailer, deps } = setup();
    const event = placed();
    await ledger.claimSend({
      eventId: event.eventId,
      eventType: event.eventType,
      about: { orderId: ORDER_ID },
      template: 'order-confirmation',
      recipient: 'ada.lovelace@example.com',
      claimToken: 'other-attempt',
      claimedAt: new Date('2026-11-20T09:59:59.000Z'),
      leaseUntil: new Date('2026-11-20T10:00:05.000Z'),
    });

    // Act
    const act = sendNotification({ event, leaseMs: LEASE_MS }, deps);

    // Assess
    await expect(act).rejects.toBeInstanceOf(EmailInProgressError);
    await expect(act).rejects.toMatchObject({ retryable: true });
    expect(mailer.sent).toHaveLength(0);
  });

  it.each([
    ['order.placed', placed],
    ['customer.registered', registered],
  ])(
    'sends once when two deliveries of one %s run at once: the other is told to retry',
    async (_eventType, newEvent) => {
      // Prepare
      const { ledger, mailer, deps } = setup();
      const event = newEvent();

      // Act
      const results = await Promise.allSettled([
        sendNotification({ event, leaseMs: LEASE_MS }, deps),
        sendNotification({ event, leaseMs: LEASE_MS }, deps),
      ]);

      // Assess: the loser of the conditional claim sends nothing; SQS retries it after the
      // visibility timeout, when it finds the record SENT.
      const sent = results.flatMap((result) =>
        result.status === 'fulfilled' ? [result.value] : [],
      );
      const refused = results.flatMap((result) =>
        result.status === 'rejected' ? [result.reason as unknown] : [],
      );
      expect(sent).toEqual([expect.objectContaining({ outcome: 'sent', attempts: 1 })]);
      expect(refused).toEqual([expect.any(EmailInProgressError)]);
      expect(mailer.sent).toHaveLength(1);
      expect(await ledger.getSentEmail(event.eventId)).toMatchObject({
        status: 'SENT',
        attempts: 1,
        messageId: mailer.sent[0]?.messageId,
      });
      const retry = await sendNotification({ event, leaseMs: LEASE_MS }, deps);
      expect(retry).toMatchObject({ outcome: 'already-sent', messageId: 'msg-1' });
      expect(mailer.sent).toHaveLength(1);
    },
  );

  it('takes over the expired claim of an attempt that died, and sends (at-least-once)', async () => {
    // Prepare
    const { ledger, mailer, deps } = setup();
    const event = placed();
    await ledger.claimSend({
      eventId: event.eventId,
      eventType: event.eventType,
      about: { orderId: ORDER_ID },
      template: 'order-confirmation',
      recipient: 'ada.lovelace@example.com',
      claimToken: 'dead-attempt',
      claimedAt: new Date('2026-11-20T09:58:00.000Z'),
      leaseUntil: new Date('2026-11-20T09:58:30.000Z'),
    });

    // Act
    const result = await sendNotification({ event, leaseMs: LEASE_MS }, deps);

    // Assess
    expect(result).toMatchObject({ outcome: 'sent', attempts: 2, recorded: true });
    expect(mailer.sent).toHaveLength(1);
    expect((await ledger.getSentEmail(event.eventId))?.status).toBe('SENT');
  });

  it('tries the SENT write again while it fails for a few seconds, and mails once', async () => {
    // Prepare: DynamoDB out for three attempts, as while the local cloud restarts.
    const { ledger, mailer, deps, pauses, retries } = setup();
    const event = placed();
    let outages = 3;
    const flaky: SendNotificationDeps = {
      ...deps,
      markSent: (...args) =>
        outages-- > 0
          ? Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:4567'))
          : deps.markSent(...args),
    };

    // Act
    const result = await sendNotification({ event, leaseMs: LEASE_MS }, flaky);
    const redelivered = await sendNotification({ event, leaseMs: LEASE_MS }, deps);

    // Assess
    expect(result).toMatchObject({ outcome: 'sent', attempts: 1, recorded: true });
    expect(pauses).toEqual([250, 500, 1_000]);
    expect(retries).toEqual([
      { eventId: event.eventId, retryInMs: 250 },
      { eventId: event.eventId, retryInMs: 500 },
      { eventId: event.eventId, retryInMs: 1_000 },
    ]);
    expect(redelivered).toMatchObject({ outcome: 'already-sent' });
    expect(mailer.sent).toHaveLength(1);
    expect((await ledger.getSentEmail(event.eventId))?.status).toBe('SENT');
  });

  it('gives the SENT write up after its last wait, leaving the claim to its lease', async () => {
    // Prepare
    const { ledger, mailer, deps, pauses } = setup();
    const event = placed();
    const down: SendNotificationDeps = {
      ...deps,
      markSent: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:4567')),
    };

    // Act
    const attempt = sendNotification({ event, leaseMs: LEASE_MS }, down);

    // Assess
    await expect(attempt).rejects.toThrow('ECONNREFUSED');
    expect(pauses).toEqual([250, 500, 1_000, 2_000]);
    expect(mailer.sent).toHaveLength(1);
    expect((await ledger.getSentEmail(event.eventId))?.status).toBe('SENDING');
  });

  it('sends a second copy only when the process died between SES accepting and the SENT write', async () => {
    // Prepare
    const { ledger, mailer, deps, advance } = setup();
    const event = placed();
    const crashing: SendNotificationDeps = {
      ...deps,
      markSent: () => Promise.reject(new Error('process died')),
    };
    await expect(sendNotification({ event, leaseMs: LEASE_MS }, crashing)).rejects.toThrow(
      'process died',
    );

    // Act
    const early = sendNotification({ event, leaseMs: LEASE_MS }, deps);
    await expect(early).rejects.toBeInstanceOf(EmailInProgressError);
    advance(LEASE_MS + 1);
    const late = await sendNotification({ event, leaseMs: LEASE_MS }, deps);

    // Assess
    expect(late).toMatchObject({ outcome: 'sent', attempts: 2 });
    expect(mailer.sent.map((sent) => sent.messageId)).toEqual(['msg-1', 'msg-2']);
    expect((await ledger.getSentEmail(event.eventId))?.messageId).toBe('msg-2');
  });

  it('releases the claim when SES fails, so the retry sends at once', async () => {
    // Prepare
    const { ledger, mailer, deps } = setup();
    const event = placed();
    mailer.failNextWith(new Error('Throttling'));

    // Act
    const first = sendNotification({ event, leaseMs: LEASE_MS }, deps);
    await expect(first).rejects.toThrow('Throttling');
    const released = await ledger.getSentEmail(event.eventId);
    const retry = await sendNotification({ event, leaseMs: LEASE_MS }, deps);

    // Assess
    expect(released).toBeUndefined();
    expect(retry).toMatchObject({ outcome: 'sent', attempts: 1 });
    expect(mailer.sent).toHaveLength(1);
  });

  it('rethrows the SES failure even when the claim cannot be released', async () => {
    // Prepare
    const { mailer, deps, releaseFailures } = setup();
    const event = placed();
    mailer.failNextWith(new Error('MessageRejected'));
    const failingRelease: SendNotificationDeps = {
      ...deps,
      releaseClaim: () => Promise.reject(new Error('table unavailable')),
    };

    // Act
    const act = sendNotification({ event, leaseMs: LEASE_MS }, failingRelease);

    // Assess
    await expect(act).rejects.toThrow('MessageRejected');
    expect(releaseFailures).toEqual([event.eventId]);
  });

  it('reports a claim taken over while it was sending', async () => {
    // Prepare
    const { ledger, mailer, deps, advance } = setup();
    const event = placed();
    const slowMailer: SendNotificationDeps = {
      ...deps,
      sendEmail: async (email, trace) => {
        // Meanwhile the lease ran out and another attempt claimed the event.
        advance(LEASE_MS + 1);
        await ledger.claimSend({
          eventId: event.eventId,
          eventType: event.eventType,
          about: { orderId: ORDER_ID },
          template: 'order-confirmation',
          recipient: email.to,
          claimToken: 'usurper',
          claimedAt: deps.now(),
          leaseUntil: new Date(deps.now().getTime() + LEASE_MS),
        });
        return mailer.sendEmail(email, trace);
      },
    };

    // Act
    const result = await sendNotification({ event, leaseMs: LEASE_MS }, slowMailer);

    // Assess
    expect(result).toMatchObject({ outcome: 'sent', recorded: false });
    expect((await ledger.getSentEmail(event.eventId))?.status).toBe('SENDING');
  });
  it('sends the unsubscribe link with an order whose customer consented, and none without', async () => {
    // Prepare
    const { mailer, deps } = setup();
    const consented = placed();
    const declined = buildEvent({
      eventType: 'order.placed',
      version: 1,
      aggregateId: ORDER_ID,
      data: { ...exampleEventData['order.placed'](), marketingOptIn: false },
    });

    // Act
    await sendNotification({ event: consented, leaseMs: LEASE_MS }, deps);
    await sendNotification({ event: declined, leaseMs: LEASE_MS }, deps);

    // Assess
    expect(mailer.sent.map((sent) => sent.email.unsubscribeUrl)).toEqual([
      'https://marketing.test/audience/unsubscribe?for=cus-1001',
      undefined,
    ]);
  });

  it('welcomes a registered customer and records the mail against the customer', async () => {
    // Prepare
    const { ledger, welcomes, mailer, deps } = setup();
    const event = registered();

    // Act
    const result = await sendNotification({ event, leaseMs: LEASE_MS }, deps);

    // Assess
    expect(result).toMatchObject({ outcome: 'sent', template: 'welcome', attempts: 1 });
    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]?.email.unsubscribeUrl).toBe(
      'https://marketing.test/audience/unsubscribe?for=cus-1001',
    );
    const record = await ledger.getSentEmail(event.eventId);
    expect(record).toMatchObject({ customerId: 'cus-1001', template: 'welcome', status: 'SENT' });
    expect(record).not.toHaveProperty('orderId');
    expect(welcomes.welcomes.get('cus-1001')?.eventId).toBe(event.eventId);
  });

  it('sends no second welcome for a registration of the same customer under a new event id', async () => {
    // Prepare
    const { ledger, mailer, deps } = setup();
    const first = registered();
    const again = registered();
    await sendNotification({ event: first, leaseMs: LEASE_MS }, deps);

    // Act
    const result = await sendNotification({ event: again, leaseMs: LEASE_MS }, deps);

    // Assess
    expect(result).toEqual({
      outcome: 'already-welcomed',
      template: 'welcome',
      welcomedBy: first.eventId,
    });
    expect(mailer.sent).toHaveLength(1);
    expect(await ledger.getSentEmail(again.eventId)).toBeUndefined();
  });

  it('still welcomes on the retry of the registration whose send failed', async () => {
    // Prepare
    const { mailer, deps } = setup();
    const event = registered(false);
    mailer.failNextWith(new Error('Throttling'));
    await expect(sendNotification({ event, leaseMs: LEASE_MS }, deps)).rejects.toThrow(
      'Throttling',
    );

    // Act
    const retry = await sendNotification({ event, leaseMs: LEASE_MS }, deps);

    // Assess
    expect(retry).toMatchObject({ outcome: 'sent', template: 'welcome' });
    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]?.email.unsubscribeUrl).toBeUndefined();
  });
});
