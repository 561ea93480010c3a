import type { CustomerRegisteredV1 } from '@conveyor/event-types';
import { EmailTemplates, type RenderedEmail } from './email.ts';
import { emailLayout } from './emailLayout.ts';
import { html } from './html.ts';
import type { UnsubscribeLinkFor } from './unsubscribeLink.ts';

const REASON = 'You receive this mail because you registered with Conveyor.';
const SUBJECT = 'Welcome to Conveyor';

/**
 * `customer.registered` → the welcome mail. With marketing consent it says the newsletter is
 * coming and carries the unsubscribe link; without, it promises mails about orders only.
 */
export const welcomeEmail = (
  event: CustomerRegisteredV1,
  { unsubscribeLinkFor }: { readonly unsubscribeLinkFor: UnsubscribeLinkFor },
): RenderedEmail => {
  const { customer, marketingOptIn } = event.data;
  const unsubscribeUrl = marketingOptIn ? unsubscribeLinkFor(customer.customerId) : undefined;
  const footer = { reason: REASON, unsubscribeUrl };
  const newsletter = marketingOptIn
    ? 'You also signed up for our newsletter: we will send you news and offers now and then, and you can unsubscribe at any time with the link at the bottom of every one of them.'
    : 'We will only write to you about your orders: a confirmation when you order, and a notice when your parcel ships.';

  const body = html`<h1 style="font-size:20px">Welcome to Conveyor</h1>
    <p>Hi ${customer.name},</p>
    <p>Thank you for registering. Your account is ready: you can order straight away.</p>
    <p>${newsletter}</p>`;

  const text = emailLayout.text(
    [
      `Hi ${customer.name},`,
      '',
      'Thank you for registering. Your account is ready: you can order straight away.',
      '',
      newsletter,
    ],
    footer,
  );

  return {
    template: EmailTemplates.Welcome,
    to: customer.email,
    subject: SUBJECT,
    html: emailLayout.html(SUBJECT, body, footer),
    text,
    ...(unsubscribeUrl === undefined ? {} : { unsubscribeUrl }),
  };
};
