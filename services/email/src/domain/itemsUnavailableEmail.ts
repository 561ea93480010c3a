import type { InventoryReservationFailedV1 } from '@conveyor/event-types';
import { EmailTemplates, type RenderedEmail } from './email.ts';
import { emailLayout, ORDER_MAIL_REASON } from './emailLayout.ts';
import { html } from './html.ts';
import { orderReference } from './orderReference.ts';

const unitsOf = (count: number): string => `${count} ${count === 1 ? 'unit' : 'units'}`;

const availability = (available: number): string => {
  if (available === 0) return 'none is available';
  return `only ${unitsOf(available)} ${available === 1 ? 'is' : 'are'} available`;
};

// Transactional: it carries no unsubscribe link, whatever the customer's consent.
const FOOTER = { reason: ORDER_MAIL_REASON };

/** `inventory.reservation-failed` → an apology naming each item that was short and by how much. */
export const itemsUnavailableEmail = (event: InventoryReservationFailedV1): RenderedEmail => {
  const { customer, shortfalls } = event.data;
  const subject = `Sorry, we could not fulfil your order ${orderReference(event.aggregateId)}`;
  const shortfallText = (shortfall: (typeof shortfalls)[number]): string =>
    `you ordered ${unitsOf(shortfall.requested)}, ${availability(shortfall.available)}`;

  const body = html`<h1 style="font-size:20px">We are sorry</h1>
    <p>Hi ${customer.name},</p>
    <p>
      Some items of your order ${event.aggregateId} are no longer in stock, so we could not reserve
      it and it will not be shipped:
    </p>
    <ul>
      ${shortfalls.map(
        (shortfall) =>
          html`<li>
            <strong>${shortfall.name}</strong> (${shortfall.sku}): ${shortfallText(shortfall)}
          </li>`,
      )}
    </ul>
    <p>
      Nothing from this order will be sent. You are welcome to place a new order for the items that
      are available.
    </p>`;

  const text = emailLayout.text(
    [
      `Hi ${customer.name},`,
      '',
      `We are sorry: some items of your order ${event.aggregateId} are no longer in stock, so we could not reserve it and it will not be shipped:`,
      '',
      ...shortfalls.map(
        (shortfall) => `- ${shortfall.name} (${shortfall.sku}): ${shortfallText(shortfall)}`,
      ),
      '',
      'Nothing from this order will be sent. You are welcome to place a new order for the items that are available.',
    ],
    FOOTER,
  );

  return {
    template: EmailTemplates.ItemsUnavailable,
    to: customer.email,
    subject,
    html: emailLayout.html(subject, body, FOOTER),
    text,
  };
};
