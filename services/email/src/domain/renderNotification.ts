import type {
  InventoryReservationFailedV1,
  OrderPlacedV1,
  ShipmentCreatedV1,
} from '@conveyor/event-types';
import type { RenderedEmail } from './email.ts';
import { itemsUnavailableEmail } from './itemsUnavailableEmail.ts';
import { orderConfirmationEmail } from './orderConfirmationEmail.ts';
import { shippedNoticeEmail } from './shippedNoticeEmail.ts';

/** The events that make the customer a mail (the email queue's subscriptions in topology.json). */
export type NotifiableEvent = OrderPlacedV1 | InventoryReservationFailedV1 | ShipmentCreatedV1;

/** The mail an event makes: each event type has its own template. */
export const renderNotification = (event: NotifiableEvent): RenderedEmail => {
  switch (event.eventType) {
    case 'order.placed':
      return orderConfirmationEmail(event);
    case 'inventory.reservation-failed':
      return itemsUnavailableEmail(event);
    case 'shipment.created':
      return shippedNoticeEmail(event);
  }
};
