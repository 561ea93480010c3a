/** A registration event asking to be the one that welcomes its customer. */
export interface WelcomeClaim {
  readonly customerId: string;
  /** The `customer.registered` event that would send the welcome mail. */
  readonly eventId: string;
  readonly claimedAt: Date;
}

/** The result of a welcome claim: this event welcomes the customer, or another event does. */
export type WelcomeClaimResult =
  | { readonly kind: 'claimed' }
  | { readonly kind: 'taken'; readonly welcomedBy: string | undefined };

/**
 * Makes one registration event per customer the one that sends the welcome mail: the first
 * claim of a customer wins, and the same event claiming again (its retry) still holds it.
 * Atomic: of two events claiming the same customer at once exactly one wins. Never released:
 * a customer is welcomed once, whatever happens to the mail afterwards.
 */
export type ClaimWelcome = (claim: WelcomeClaim) => Promise<WelcomeClaimResult>;
