import type { OrderPlacedV1 } from '@conveyor/event-types';
import { EmailTemplates, type RenderedEmail } from './email.ts';
import { emailLayout, ORDER_MAIL_REASON } from './emailLayout.ts';
import { html } from './html.ts';
import { mailFormat } from './mailFormat.ts';
import { orderReference } from './orderReference.ts';
import type { UnsubscribeLinkFor } from './unsubscribeLink.ts';

const CELL = 'padding:8px 4px;border-bottom:1px solid #e4e4e7';

/**
 * `order.placed` → the order confirmation: every line with its price, the total, the delivery
 * address; and the unsubscribe link when the order says the customer consented to marketing.
 */
export const orderConfirmationEmail = (
  event: OrderPlacedV1,
  { unsubscribeLinkFor }: { readonly unsubscribeLinkFor: UnsubscribeLinkFor },
): RenderedEmail => {
  const { customer, lines, currency, total, shippingAddress, marketingOptIn } = event.data;
  const unsubscribeUrl = marketingOptIn ? unsubscribeLinkFor(customer.customerId) : undefined;
  const footer = { reason: ORDER_MAIL_REASON, unsubscribeUrl };
  const money = (minorUnits: number): string => mailFormat.money(minorUnits, currency);
  const address = mailFormat.addressLines(shippingAddress);
  const subject = `We have received your order ${orderReference(event.aggregateId)}`;

  const rows = lines.map(
    (line) =>
      html`<tr>
        <td style="${CELL}">
          ${line.name}<br /><span style="color:#71717a;font-size:12px">${line.sku}</span>
        </td>
        <td style="${CELL};text-align:right">${line.quantity}</td>
        <td style="${CELL};text-align:right">${money(line.unitPrice)}</td>
        <td style="${CELL};text-align:right">${money(line.lineTotal)}</td>
      </tr>`,
  );
  const body = html`<h1 style="font-size:20px">Thank you for your order</h1>
    <p>Hi ${customer.name},</p>
    <p>We have received your order and will let you know as soon as it ships.</p>
    <p>Order number: <strong>${event.aggregateId}</strong></p>
    <table style="width:100%;border-collapse:collapse" role="presentation">
      <thead>
        <tr>
          <th style="${CELL};text-align:left">Item</th>
          <th style="${CELL};text-align:right">Qty</th>
          <th style="${CELL};text-align:right">Unit price</th>
          <th style="${CELL};text-align:right">Amount</th>
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
      <tfoot>
        <tr>
          <td style="padding:8px 4px;font-weight:bold" colspan="3">Total</td>
          <td style="padding:8px 4px;font-weight:bold;text-align:right">${money(total)}</td>
        </tr>
      </tfoot>
    </table>
    <h2 style="font-size:16px">Shipping to</h2>
    <p>${address.map((part, index) => (index === 0 ? html`${part}` : html`<br />${part}`))}</p>`;

  const text = emailLayout.text(
    [
      `Hi ${customer.name},`,
      '',
      'Thank you for your order. We have received it and will let you know as soon as it ships.',
      '',
      `Order number: ${event.aggregateId}`,
      '',
      ...lines.map(
        (line) =>
          `- ${line.quantity} × ${line.name} (${line.sku}) at ${money(line.unitPrice)}: ${money(line.lineTotal)}`,
      ),
      '',
      `Total: ${money(total)}`,
      '',
      'Shipping to:',
      ...address.map((part) => `  ${part}`),
    ],
    footer,
  );

  return {
    template: EmailTemplates.OrderConfirmation,
    to: customer.email,
    subject,
    html: emailLayout.html(subject, body, footer),
    text,
    ...(unsubscribeUrl === undefined ? {} : { unsubscribeUrl }),
  };
};
