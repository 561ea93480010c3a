import { TransientError } from '@conveyor/lambda-toolkit';
import { type EmailTemplate, EmailTemplates, type SendEmail } from './email.ts';
import { type NotifiableEvent, renderNotification } from './renderNotification.ts';
import {
  type ClaimSend,
  type MailAbout,
  type MarkSent,
  type ReleaseClaim,
  SendStatuses,
} from './sentEmail.ts';
import type { UnsubscribeLinkFor } from './unsubscribeLink.ts';
import type { ClaimWelcome } from './welcome.ts';

/** The ports `sendNotification` needs. */
export interface SendNotificationDeps {
  readonly claimSend: ClaimSend;
  readonly sendEmail: SendEmail;
  readonly markSent: MarkSent;
  readonly releaseClaim: ReleaseClaim;
  /** Makes one `customer.registered` per customer the one that welcomes them. */
  readonly claimWelcome: ClaimWelcome;
  /** The unsubscribe link of a customer, for the mails their marketing consent allows. */
  readonly unsubscribeLinkFor: UnsubscribeLinkFor;
  /** Told when a claim could not be released; its lease then runs out by itself. */
  readonly onReleaseFailed: (eventId: string, error: unknown) => void;
  readonly now: () => Date;
  readonly newClaimToken: () => string;
  /** Waits `ms` (between attempts at the SENT write). */
  readonly pause: (ms: number) => Promise<void>;
  /** Told of each failed attempt at the SENT write that is tried again after `retryInMs`. */
  readonly onMarkSentRetry: (eventId: string, retryInMs: number, error: unknown) => void;
}

/**
 * The waits between attempts at the SENT write, each attempt with the SDK's own retries. Those
 * span well under a second; DynamoDB out for longer (a throttled table, the local cloud
 * restarting after a crash) would fail the invocation with the mail already out, and its
 * redelivery would mail again once the claim's lease is over. 3.75 s in all, well inside a
 * consumer's timeout.
 */
export const MARK_SENT_RETRY_DELAYS_MS: readonly number[] = [250, 500, 1_000, 2_000];

/** What one attempt is about. */
export interface SendNotificationInput {
  readonly event: NotifiableEvent;
  /**
   * How long the claim protects this attempt: at least until the attempt can no longer be
   * running (the invocation's deadline), and shorter than the queue's visibility timeout, so
   * the redelivery that follows a crash finds the lease over.
   */
  readonly leaseMs: number;
}

/** What an attempt did. */
export type SendOutcome =
  | {
      readonly outcome: 'sent';
      readonly template: EmailTemplate;
      readonly messageId: string;
      /** Claims taken on the event including this one; more than 1 means a possible earlier mail. */
      readonly attempts: number;
      /** `false` if another attempt took the claim over meanwhile: then two mails may be out. */
      readonly recorded: boolean;
    }
  | {
      readonly outcome: 'already-sent';
      readonly template: EmailTemplate;
      readonly messageId: string | undefined;
    }
  | {
      /** Another `customer.registered` of the same customer sent (or is sending) the welcome. */
      readonly outcome: 'already-welcomed';
      readonly template: EmailTemplate;
      /** The event that welcomes the customer. */
      readonly welcomedBy: string | undefined;
    };

/**
 * Another attempt holds a live claim on the event. Transient: try again after it has finished
 * or died.
 */
export class EmailInProgressError extends TransientError {
  public override readonly name = 'EmailInProgressError';

  public constructor(eventId: string, leaseUntil: string | undefined) {
    super(
      `The mail for event ${eventId} is being sent by another attempt (claim live until ${leaseUntil ?? 'unknown'})`,
    );
  }
}

// The SENT write, tried again after each wait of MARK_SENT_RETRY_DELAYS_MS while it fails. A
// lost claim is no failure: markSent answers false.
const markSentPersistently = async (
  eventId: string,
  claimToken: string,
  sent: Parameters<MarkSent>[2],
  deps: Pick<SendNotificationDeps, 'markSent' | 'pause' | 'onMarkSentRetry'>,
): Promise<boolean> => {
  for (const delayMs of MARK_SENT_RETRY_DELAYS_MS) {
    try {
      return await deps.markSent(eventId, claimToken, sent);
    } catch (error) {
      deps.onMarkSentRetry(eventId, delayMs, error);
      await deps.pause(delayMs);
    }
  }
  return deps.markSent(eventId, claimToken, sent);
};

/**
 * Mails the customer once for an event, whatever the number of deliveries.
 *
 * SES v2 `SendEmail` takes no idempotency token, so the ledger makes the send once-only:
 * 1. claim the eventId (conditional write: status SENDING, a claim token, a lease);
 * 2. send through SES;
 * 3. mark SENT with SES's message id (conditional on still holding the claim).
 * A delivery that finds SENT sends nothing; one that finds a live SENDING claim sends nothing
 * and is retried later; one that finds an expired claim takes it over and sends.
 *
 * The only window is between SES accepting the mail and the SENT write (one DynamoDB round
 * trip, retried for a few seconds if it fails). If the process dies there, or the write keeps
 * failing, the record stays SENDING; the SQS redelivery comes after
 * the visibility timeout, finds the lease over, and sends again: the customer gets a second
 * copy. That is at-least-once, on purpose: a claim whose holder died cannot tell "died before
 * SES accepted" from "died after", and the mails (order receipt, items unavailable, tracking
 * number) are worth more than a rare duplicate. At-most-once would turn every crash or timeout
 * before the send into a lost mail. A takeover shows up as `attempts` > 1.
 *
 * The welcome mail is once per customer as well as once per event: before its claim, a
 * `customer.registered` claims the customer (a conditional record per customer id), and a
 * registration announced again under a new event id finds the customer taken and sends nothing.
 */
export const sendNotification = async (
  input: SendNotificationInput,
  deps: SendNotificationDeps,
): Promise<SendOutcome> => {
  const { event } = input;
  const about: MailAbout =
    event.eventType === 'customer.registered'
      ? { customerId: event.data.customer.customerId }
      : { orderId: event.aggregateId };
  if ('customerId' in about) {
    const welcome = await deps.claimWelcome({
      customerId: about.customerId,
      eventId: event.eventId,
      claimedAt: deps.now(),
    });
    if (welcome.kind === 'taken') {
      return {
        outcome: 'already-welcomed',
        template: EmailTemplates.Welcome,
        welcomedBy: welcome.welcomedBy,
      };
    }
  }
  const email = renderNotification(event, deps);
  const claimedAt = deps.now();
  const claimToken = deps.newClaimToken();
  const claim = await deps.claimSend({
    eventId: event.eventId,
    eventType: event.eventType,
    about,
    template: email.template,
    recipient: email.to,
    claimToken,
    claimedAt,
    leaseUntil: new Date(claimedAt.getTime() + input.leaseMs),
  });
  if (claim.kind === 'taken') {
    if (claim.record?.status === SendStatuses.Sent) {
      return {
        outcome: 'already-sent',
        template: claim.record.template,
        messageId: claim.record.messageId,
      };
    }
    throw new EmailInProgressError(event.eventId, claim.record?.leaseUntil);
  }

  let messageId: string;
  try {
    ({ messageId } = await deps.sendEmail(email, { eventId: event.eventId }));
  } catch (error) {
    // Even after a timeout, where SES may have sent, releasing changes nothing: the retry would
    // find the lease over anyway. It only spares a refused mail the wait for the lease.
    try {
      await deps.releaseClaim(event.eventId, claimToken);
    } catch (releaseError) {
      deps.onReleaseFailed(event.eventId, releaseError);
    }
    throw error;
  }
  // The window: SES has the mail, the ledger still says SENDING. See above.
  const recorded = await markSentPersistently(
    event.eventId,
    claimToken,
    { messageId, sentAt: deps.now() },
    deps,
  );
  return {
    outcome: 'sent',
    template: email.template,
    messageId,
    attempts: claim.attempts,
    recorded,
  };
};
