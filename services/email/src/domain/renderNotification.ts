import type {
  CustomerRegisteredV1,
  InventoryReservationFailedV1,
  OrderPlacedV1,
  ShipmentCreatedV1,
} from '@conveyor/event-types';
import type { RenderedEmail } from './email.ts';
import { itemsUnavailableEmail } from './itemsUnavailableEmail.ts';
import { orderConfirmationEmail } from './orderConfirmationEmail.ts';
import { shippedNoticeEmail } from './shippedNoticeEmail.ts';
import type { UnsubscribeLinkFor } from './unsubscribeLink.ts';
import { welcomeEmail } from './welcomeEmail.ts';

/** The events that make the customer a mail (the email queue's subscriptions in topology.json). */
export type NotifiableEvent =
  OrderPlacedV1 | InventoryReservationFailedV1 | ShipmentCreatedV1 | CustomerRegisteredV1;

/** The ports `renderNotification` needs. */
export interface RenderNotificationDeps {
  readonly unsubscribeLinkFor: UnsubscribeLinkFor;
}

/**
 * The mail an event makes: each event type has its own template. The mails whose event says the
 * customer consented to marketing (welcome, order confirmation) carry `unsubscribeLinkFor`'s
 * link; the others are transactional and carry none.
 */
export const renderNotification = (
  event: NotifiableEvent,
  deps: RenderNotificationDeps,
): RenderedEmail => {
  switch (event.eventType) {
    case 'order.placed':
      return orderConfirmationEmail(event, deps);
    case 'inventory.reservation-failed':
      return itemsUnavailableEmail(event);
    case 'shipment.created':
      return shippedNoticeEmail(event);
    case 'customer.registered':
      return welcomeEmail(event, deps);
  }
};
