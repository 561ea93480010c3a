/** The mails this service sends, one per consumed event type. Stored with each sent record. */
export const EmailTemplates = {
  OrderConfirmation: 'order-confirmation',
  ItemsUnavailable: 'items-unavailable',
  ShippedNotice: 'shipped-notice',
} as const;

/** A template name. */
export type EmailTemplate = (typeof EmailTemplates)[keyof typeof EmailTemplates];

/** A mail ready to send: one recipient, a subject, and the same content as HTML and as text. */
export interface RenderedEmail {
  readonly template: EmailTemplate;
  /** The customer's address. Personal data: never log it unmasked. */
  readonly to: string;
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

/** Sends one mail; resolves with the provider's message id once the provider has accepted it. */
export type SendEmail = (
  email: RenderedEmail,
  trace: { readonly eventId: string },
) => Promise<{ readonly messageId: string }>;
