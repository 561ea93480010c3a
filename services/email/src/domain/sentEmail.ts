import type { EmailTemplate } from './email.ts';

/** Where a mail for one event stands. */
export const SendStatuses = {
  /** An attempt claimed the event and may be talking to SES right now, until `leaseUntil`. */
  Sending: 'SENDING',
  /** SES accepted the mail; `messageId` is its id. Final. */
  Sent: 'SENT',
} as const;

/** A send status. */
export type SendStatus = (typeof SendStatuses)[keyof typeof SendStatuses];

/** What a mail is about: an order, or (the welcome mail) a customer. */
export type MailAbout = { readonly orderId: string } | { readonly customerId: string };

/** What the service recorded for one event. */
export interface SentEmailRecord {
  readonly eventId: string;
  readonly eventType: string;
  /** The order, for the mails about one. */
  readonly orderId?: string;
  /** The customer, for the welcome mail. */
  readonly customerId?: string;
  readonly template: EmailTemplate;
  /** The recipient, masked (`a***e@e***.com`): the ledger never holds a full address. */
  readonly recipient: string;
  readonly status: SendStatus;
  /** Claims taken on this event so far; more than 1 means an earlier attempt did not record its send. */
  readonly attempts: number;
  /** ISO-8601. When the latest claim was taken. */
  readonly claimedAt: string;
  /** ISO-8601. While SENDING: the claim is live until then. */
  readonly leaseUntil?: string;
  /** SES message id, once SENT. */
  readonly messageId?: string;
  /** ISO-8601, once SENT. */
  readonly sentAt?: string;
}

/** A request to become the one attempt allowed to send the mail of an event. */
export interface SendClaim {
  readonly eventId: string;
  readonly eventType: string;
  readonly about: MailAbout;
  readonly template: EmailTemplate;
  /** Full address; the ledger stores it masked. */
  readonly recipient: string;
  /** Unique per attempt: only the holder may mark the event sent or release it. */
  readonly claimToken: string;
  readonly claimedAt: Date;
  readonly leaseUntil: Date;
}

/** The result of a claim: this attempt holds it, or someone else has the event. */
export type ClaimResult =
  | { readonly kind: 'claimed'; readonly attempts: number }
  | { readonly kind: 'taken'; readonly record: SentEmailRecord | undefined };

/**
 * Claims an event if nobody has, or if the previous claim's lease has run out (its attempt is
 * dead). Atomic: of two concurrent claims exactly one succeeds.
 */
export type ClaimSend = (claim: SendClaim) => Promise<ClaimResult>;

/** Marks the event SENT with SES's id; `false` when this attempt no longer holds the claim. */
export type MarkSent = (
  eventId: string,
  claimToken: string,
  sent: { readonly messageId: string; readonly sentAt: Date },
) => Promise<boolean>;

/** Gives a claim up after a failed send, so the retry need not wait for the lease. */
export type ReleaseClaim = (eventId: string, claimToken: string) => Promise<void>;

/** Reads what was recorded for an event. */
export type GetSentEmail = (eventId: string) => Promise<SentEmailRecord | undefined>;
