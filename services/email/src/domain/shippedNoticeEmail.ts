import type { ShipmentCreatedV1 } from '@conveyor/event-types';
import { carrierInfo } from './carrierInfo.ts';
import { EmailTemplates, type RenderedEmail } from './email.ts';
import { emailLayout, ORDER_MAIL_REASON } from './emailLayout.ts';
import { html } from './html.ts';
import { mailFormat } from './mailFormat.ts';
import { orderReference } from './orderReference.ts';

// Transactional: it carries no unsubscribe link, whatever the customer's consent.
const FOOTER = { reason: ORDER_MAIL_REASON };

/**
 * `shipment.created` → the shipped notice: the carrier by the name people know, the tracking
 * number with a link to the carrier's tracking page, the estimated delivery day.
 */
export const shippedNoticeEmail = (event: ShipmentCreatedV1): RenderedEmail => {
  const { customer, trackingNumber, estimatedDelivery, shippingAddress } = event.data;
  const carrier = carrierInfo(event.data.carrier, trackingNumber);
  const subject = `Your order ${orderReference(event.aggregateId)} is on its way`;
  const delivery = mailFormat.day(estimatedDelivery);
  const address = mailFormat.addressLines(shippingAddress);

  const body = html`<h1 style="font-size:20px">Your order is on its way</h1>
    <p>Hi ${customer.name},</p>
    <p>Good news: your order ${event.aggregateId} has shipped.</p>
    <table style="border-collapse:collapse" role="presentation">
      <tr>
        <td style="padding:4px 16px 4px 0">Carrier</td>
        <td style="padding:4px 0"><strong>${carrier.name}</strong></td>
      </tr>
      <tr>
        <td style="padding:4px 16px 4px 0">Tracking number</td>
        <td style="padding:4px 0"><strong>${trackingNumber}</strong></td>
      </tr>
      <tr>
        <td style="padding:4px 16px 4px 0">Estimated delivery</td>
        <td style="padding:4px 0"><strong>${delivery}</strong></td>
      </tr>
    </table>
    ${
      carrier.trackingUrl === undefined
        ? []
        : html`<p>
            <a href="${carrier.trackingUrl}" style="color:#2563eb">Track your parcel</a> on the
            ${carrier.name} website.
          </p>`
    }
    <h2 style="font-size:16px">Delivering to</h2>
    <p>${address.map((part, index) => (index === 0 ? html`${part}` : html`<br />${part}`))}</p>`;

  const text = emailLayout.text(
    [
      `Hi ${customer.name},`,
      '',
      `Good news: your order ${event.aggregateId} has shipped.`,
      '',
      `Carrier: ${carrier.name}`,
      `Tracking number: ${trackingNumber}`,
      ...(carrier.trackingUrl === undefined ? [] : [`Track your parcel: ${carrier.trackingUrl}`]),
      `Estimated delivery: ${delivery}`,
      '',
      'Delivering to:',
      ...address.map((part) => `  ${part}`),
    ],
    FOOTER,
  );

  return {
    template: EmailTemplates.ShippedNotice,
    to: customer.email,
    subject,
    html: emailLayout.html(subject, body, FOOTER),
    text,
  };
};
