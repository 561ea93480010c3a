/** The mails this service sends, one per consumed event type. Stored with each sent record. */
export const EmailTemplates = {
  OrderConfirmation: 'order-confirmation',
  ItemsUnavailable: 'items-unavailable',
  ShippedNotice: 'shipped-notice',
  Welcome: 'welcome',
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
  /**
   * The unsubscribe link, only in mails whose event says the customer consented to marketing.
   * Both bodies show it; the mailer also sends it as the `List-Unsubscribe` header.
   */
  readonly unsubscribeUrl?: string;
}

/** Sends one mail; resolves with the provider's message id once the provider has accepted it. */
export type SendEmail = (
  email: RenderedEmail,
  trace: { readonly eventId: string },
) => Promise<{ readonly messageId: string }>;
