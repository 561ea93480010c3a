// A shipped order's lines as `npm start` keeps them (.local/logs/<service>.log), taken from a run of
// the five services and anonymised: ids replaced, nothing personal left (the address was masked
// by the service already). The second POST /checkout is another request (answered 400) of that run.
import { type Topology, topology } from '@conveyor/event-types';

/** Each service's log file lines, oldest first. */
export const shippedOrderLog: Readonly<Record<string, readonly string[]>> = {
  checkout: [
    '{"capturedAt":"2026-12-01T23:26:53.551Z","output":"POST /checkout (λ: postCheckout)"}',
    '{"level":"INFO","message":"Order placed","timestamp":"2026-12-01T23:26:54.801Z","service":"checkout","sampling_rate":0,"requestId":"offlineContext_resourceId","route":"POST /checkout","orderId":"ord-0001","correlationId":"corr-0001","eventId":"evt-placed-0001","published":true}',
    '{"capturedAt":"2026-12-01T23:26:54.817Z","output":"(λ: postCheckout) RequestId: id-0001  Duration: 540.20 ms  Billed Duration: 541 ms"}',
    '{"capturedAt":"2026-12-01T23:26:55.040Z","output":"POST /checkout (λ: postCheckout)"}',
    '{"capturedAt":"2026-12-01T23:26:55.049Z","output":"(λ: postCheckout) RequestId: id-0002  Duration: 5.87 ms  Billed Duration: 6 ms"}',
    '{"level":"INFO","message":"Order progress recorded","timestamp":"2026-12-01T23:26:58.141Z","service":"checkout","sampling_rate":0,"correlationId":"corr-0001","eventId":"evt-reserved-0001","aggregateId":"ord-0001","eventType":"inventory.reserved","outcome":"moved","status":"CONFIRMED"}',
    '{"level":"INFO","message":"Event handled","timestamp":"2026-12-01T23:26:58.188Z","service":"checkout","sampling_rate":0,"correlationId":"corr-0001","eventId":"evt-reserved-0001","aggregateId":"ord-0001","eventType":"inventory.reserved","messageId":"id-0003","receiveCount":1}',
    '{"capturedAt":"2026-12-01T23:26:58.189Z","output":"(λ: onOrderProgress) RequestId: id-0004  Duration: 463.42 ms  Billed Duration: 464 ms"}',
    '{"level":"INFO","message":"Order progress recorded","timestamp":"2026-12-01T23:26:59.407Z","service":"checkout","sampling_rate":0,"correlationId":"corr-0001","eventId":"evt-shipped-0001","aggregateId":"ord-0001","eventType":"shipment.created","outcome":"moved","status":"SHIPPED"}',
    '{"level":"INFO","message":"Event handled","timestamp":"2026-12-01T23:26:59.412Z","service":"checkout","sampling_rate":0,"correlationId":"corr-0001","eventId":"evt-shipped-0001","aggregateId":"ord-0001","eventType":"shipment.created","messageId":"id-0005","receiveCount":1}',
    '{"capturedAt":"2026-12-01T23:26:59.415Z","output":"(λ: onOrderProgress) RequestId: id-0006  Duration: 77.40 ms  Billed Duration: 78 ms"}',
  ],
  email: [
    '{"level":"INFO","message":"Notification handled","timestamp":"2026-12-01T23:26:57.085Z","service":"email","sampling_rate":0,"correlationId":"corr-0001","eventId":"evt-placed-0001","aggregateId":"ord-0001","eventType":"order.placed","outcome":"sent","template":"order-confirmation","messageId":"ses-0001"}',
    '{"level":"INFO","message":"Event handled","timestamp":"2026-12-01T23:26:57.110Z","service":"email","sampling_rate":0,"correlationId":"corr-0001","eventId":"evt-placed-0001","aggregateId":"ord-0001","eventType":"order.placed","messageId":"id-0007","receiveCount":1}',
    '{"capturedAt":"2026-12-01T23:26:57.123Z","output":"(λ: onNotificationEvent) RequestId: id-0008  Duration: 764.81 ms  Billed Duration: 765 ms"}',
    '{"level":"INFO","message":"Notification handled","timestamp":"2026-12-01T23:26:59.464Z","service":"email","sampling_rate":0,"correlationId":"corr-0001","eventId":"evt-shipped-0001","aggregateId":"ord-0001","eventType":"shipment.created","outcome":"sent","template":"shipped-notice","messageId":"ses-0002"}',
    '{"capturedAt":"2026-12-01T23:26:59.497Z","output":"(λ: onNotificationEvent) RequestId: id-0009  Duration: 187.32 ms  Billed Duration: 188 ms"}',
    '{"level":"INFO","message":"Event handled","timestamp":"2026-12-01T23:26:59.491Z","service":"email","sampling_rate":0,"correlationId":"corr-0001","eventId":"evt-shipped-0001","aggregateId":"ord-0001","eventType":"shipment.created","messageId":"id-0010","receiveCount":1}',
  ],
  inventory: [
    '{"level":"INFO","message":"Order reserved","timestamp":"2026-12-01T23:26:56.701Z","service":"inventory","sampling_rate":0,"correlationId":"corr-0001","eventId":"evt-placed-0001","aggregateId":"ord-0001","eventType":"order.placed","orderId":"ord-0001","state":"RESERVED","outcomeEventId":"evt-reserved-0001","replayed":false,"shortSkus":[],"shippedNow":[],"shipmentRecorded":false}',
    '{"level":"INFO","message":"Event handled","timestamp":"2026-12-01T23:26:56.761Z","service":"inventory","sampling_rate":0,"correlationId":"corr-0001","eventId":"evt-placed-0001","aggregateId":"ord-0001","eventType":"order.placed","messageId":"id-0011","receiveCount":1}',
    '{"capturedAt":"2026-12-01T23:26:56.769Z","output":"(λ: onOrderPlaced) RequestId: id-0012  Duration: 461.79 ms  Billed Duration: 462 ms"}',
    '{"level":"INFO","message":"Shipped stock taken off on-hand","timestamp":"2026-12-01T23:27:01.521Z","service":"inventory","sampling_rate":0,"correlationId":"corr-0001","eventId":"evt-shipped-0001","aggregateId":"ord-0001","eventType":"shipment.created","orderId":"ord-0001","shipmentId":"shp-0001","outcome":"SHIPPED","replayed":false,"shippedNow":[{"sku":"MUG-LOGO","quantity":1}]}',
    '{"level":"INFO","message":"Event handled","timestamp":"2026-12-01T23:27:01.537Z","service":"inventory","sampling_rate":0,"correlationId":"corr-0001","eventId":"evt-shipped-0001","aggregateId":"ord-0001","eventType":"shipment.created","messageId":"id-0013","receiveCount":1}',
    '{"capturedAt":"2026-12-01T23:27:01.541Z","output":"(λ: onShipmentCreated) RequestId: id-0014  Duration: 541.61 ms  Billed Duration: 542 ms"}',
  ],
  marketing: [
    '{"level":"INFO","message":"Audience contact updated","timestamp":"2026-12-01T23:26:58.868Z","service":"marketing","sampling_rate":0,"correlationId":"corr-0001","eventId":"evt-placed-0001","aggregateId":"ord-0001","eventType":"order.placed","outcome":"counted","customerId":"cus-0001","orderCount":1,"segment":"new","attempts":1,"orderId":"ord-0001","invocationId":"id-0015"}',
    '{"level":"INFO","message":"Event handled","timestamp":"2026-12-01T23:26:58.876Z","service":"marketing","sampling_rate":0,"correlationId":"corr-0001","eventId":"evt-placed-0001","aggregateId":"ord-0001","eventType":"order.placed","messageId":"id-0016","receiveCount":1}',
    '{"capturedAt":"2026-12-01T23:26:58.899Z","output":"(λ: onAudienceEvent) RequestId: id-0015  Duration: 596.68 ms  Billed Duration: 597 ms"}',
  ],
  shipping: [
    '{"level":"INFO","message":"Shipment ready","timestamp":"2026-12-01T23:26:59.298Z","service":"shipping","sampling_rate":0,"correlationId":"corr-0001","eventId":"evt-reserved-0001","aggregateId":"ord-0001","eventType":"inventory.reserved","outcome":"created","orderId":"ord-0001","shipmentId":"shp-0001","carrier":"ROYAL_MAIL","trackingNumber":"TRACK-0001","destination":"GB NW***","shipmentEventId":"evt-shipped-0001"}',
    '{"level":"INFO","message":"Event handled","timestamp":"2026-12-01T23:26:59.327Z","service":"shipping","sampling_rate":0,"correlationId":"corr-0001","eventId":"evt-reserved-0001","aggregateId":"ord-0001","eventType":"inventory.reserved","messageId":"id-0017","receiveCount":1}',
    '{"capturedAt":"2026-12-01T23:26:59.359Z","output":"(λ: onInventoryReserved) RequestId: id-0018  Duration: 755.44 ms  Billed Duration: 756 ms"}',
  ],
};

/** The ids of that order. */
export const shippedOrder = {
  orderId: 'ord-0001',
  correlationId: 'corr-0001',
  placedEventId: 'evt-placed-0001',
  reservedEventId: 'evt-reserved-0001',
  shippedEventId: 'evt-shipped-0001',
} as const;

/**
 * The queues the run of {@link shippedOrderLog} had (analytics' was not running). A diagnosis of
 * that log checks it against these only: a consumer added to the topology since would otherwise
 * be "waiting" for events it never had a chance to log.
 */
export const shippedOrderQueueKeys = [
  'inventoryOrders',
  'inventoryShipments',
  'emailNotifications',
  'marketingAudience',
  'shippingRequests',
  'checkoutOrderStatus',
  'analyticsOrderFlow',
] as const;

/**
 * The topology the log was taken against: the live one without the queues added after the run.
 *
 * @throws Error when one of those queues is no longer in the topology: the log is then stale.
 */
export const shippedOrderTopology: Topology = {
  ...topology,
  queues: Object.fromEntries(
    shippedOrderQueueKeys.map((key) => {
      const queue = topology.queues[key];
      if (queue === undefined) {
        throw new Error(
          `The shipped order's log needs queue "${key}", which topology.json no longer has`,
        );
      }
      return [key, queue];
    }),
  ),
};
