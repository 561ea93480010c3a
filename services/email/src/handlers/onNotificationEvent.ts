import { makeSqsEventHandler, type RecordContext } from '@conveyor/lambda-toolkit';
import { onNotificationEventDeps } from '../compositionRoot.ts';
import type { NotifiableEvent } from '../domain/renderNotification.ts';
import { sendNotification } from '../domain/sendNotification.ts';

const deps = onNotificationEventDeps();

// The claim must outlive this invocation (Lambda stops it at its deadline) and expire well
// before the queue's visibility timeout (6 × the function timeout) brings the message back.
const LEASE_MARGIN_MS = 5_000;

const notify = async (event: NotifiableEvent, { logger, lambdaContext }: RecordContext) => {
  const leaseMs = Math.max(0, lambdaContext.getRemainingTimeInMillis()) + LEASE_MARGIN_MS;
  // A live claim of another attempt throws EmailInProgressError: retried after the timeout.
  const result = await sendNotification({ event, leaseMs }, deps.sendNotificationDeps);
  if (result.outcome === 'sent' && result.attempts > 1) {
    logger.warn(
      'Took over the claim of an attempt that did not record its send (it stopped, or its write failed): a copy may be out',
      {
        attempts: result.attempts,
      },
    );
  }
  if (result.outcome === 'sent' && !result.recorded) {
    logger.error('Mail sent, but another attempt took the claim over: two copies may be out', {
      messageId: result.messageId,
    });
  }
  if (result.outcome === 'already-welcomed') {
    // Ids only: which registration of this customer welcomes them.
    logger.info('Notification handled', {
      outcome: result.outcome,
      template: result.template,
      welcomedBy: result.welcomedBy,
    });
    return;
  }
  logger.info('Notification handled', {
    outcome: result.outcome,
    template: result.template,
    messageId: result.messageId,
  });
};

/**
 * Consumes `email-notifications.fifo`: `order.placed` (order confirmation),
 * `inventory.reservation-failed` (items unavailable), `shipment.created` (shipped notice) and
 * `customer.registered` (welcome, once per customer). No eventId idempotency record on top: the
 * sent-emails ledger's conditional claim already lets one attempt send (see sendNotification).
 */
export const handler = makeSqsEventHandler({
  queue: 'emailNotifications',
  logger: deps.logger,
  tracer: deps.tracer,
  sqsClient: deps.sqs,
  handlers: {
    'order.placed': notify,
    'inventory.reservation-failed': notify,
    'shipment.created': notify,
    'customer.registered': notify,
  },
});
