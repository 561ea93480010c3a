// `npm run demo`: places a handful of orders against the running system (`npm start`) and prints,
// for each, the timeline of events across the services, tied together by correlation id.
import { randomUUID } from 'node:crypto';
import { defaultLocalCloudPorts } from '@conveyor/local-cloud';
import { awsClients, tapTopic, type TopicTap, waitFor } from '@conveyor/service-testing';
import { type CheckoutRequest, conveyorClient, defaultEndpoints } from './conveyorClient.ts';

interface TimelineEvent {
  readonly eventType: string;
  readonly source: string;
  readonly occurredAt: string;
  readonly aggregateId: string;
  readonly eventId: string;
  readonly metadata: { readonly correlationId: string; readonly causationId?: string };
}

const cloudUrl = `http://127.0.0.1:${defaultLocalCloudPorts.fauxqs}`;
const endpoints = defaultEndpoints();
const api = conveyorClient(endpoints);

const scenarios: { title: string; request: (runId: string) => CheckoutRequest }[] = [
  {
    title: 'opted-in customer, in stock',
    request: (runId) =>
      order(
        `ada-${runId}`,
        'Ada Lovelace',
        [
          { sku: 'TSHIRT-RED-M', quantity: 2 },
          { sku: 'MUG-LOGO', quantity: 1 },
        ],
        true,
        'GB',
      ),
  },
  {
    title: 'customer not opted in to marketing',
    request: (runId) =>
      order(`alan-${runId}`, 'Alan Turing', [{ sku: 'HOODIE-GREY-M', quantity: 1 }], false, 'DE'),
  },
  {
    title: 'out of stock (50 limited sneakers)',
    request: (runId) =>
      order(
        `grace-${runId}`,
        'Grace Hopper',
        [{ sku: 'SNEAKER-LTD-42', quantity: 50 }],
        true,
        'US',
      ),
  },
  {
    title: 'repeat customer',
    request: (runId) =>
      order(`ada-${runId}`, 'Ada Lovelace', [{ sku: 'POSTER-A2', quantity: 3 }], true, 'GB'),
  },
];

function order(
  id: string,
  name: string,
  lines: CheckoutRequest['lines'],
  marketingOptIn: boolean,
  country: string,
): CheckoutRequest {
  const currency = country === 'US' ? 'USD' : country === 'GB' ? 'GBP' : 'EUR';
  return {
    customer: { id, email: `${id}@example.com`, name },
    lines,
    shippingAddress: {
      name,
      line1: '1 Demo Street',
      city: 'Demo City',
      postalCode: '10115',
      country,
    },
    currency,
    marketingOptIn,
  };
}

const main = async (): Promise<void> => {
  const health = await fetch(
    `${endpoints.checkout}/orders/00000000-0000-4000-8000-000000000000`,
  ).catch(() => undefined);
  if (health === undefined) {
    console.error(`Nothing answers on ${endpoints.checkout}. Start the system first: npm start`);
    process.exitCode = 1;
    return;
  }
  const clients = awsClients({
    endpoints: {
      sqs: cloudUrl,
      sns: cloudUrl,
      s3: cloudUrl,
      dynamodb: '',
      sesv2: endpoints.sesv2,
      inbox: '',
    },
  });
  const taps: TopicTap[] = [];
  try {
    for (const topic of ['order-events.fifo', 'inventory-events.fifo', 'shipping-events.fifo']) {
      taps.push(await tapTopic(clients, `conveyor-local-${topic}`));
    }
    const runId = randomUUID().slice(0, 6);
    const placed = [];
    for (const scenario of scenarios) {
      const request = scenario.request(runId);
      const response = await api.placeOrder(request, {
        'x-correlation-id': `demo-${runId}-${placed.length + 1}`,
      });
      placed.push({ scenario, request, response });
      console.log(
        `placed: ${scenario.title} → ${response.status} ${JSON.stringify(response.body)}`,
      );
    }

    const events: TimelineEvent[] = [];
    for (const { response } of placed) {
      await waitFor(
        async () => {
          for (const tap of taps) events.push(...((await tap.drain()) as TimelineEvent[]));
          const { body } = await api.getOrder(response.body.orderId);
          return body.status === 'SHIPPED' || body.status === 'REJECTED' ? body : undefined;
        },
        {
          description: `order ${response.body.orderId} to finish`,
          timeoutMs: 60_000,
          intervalMs: 500,
        },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    for (const tap of taps) events.push(...((await tap.drain()) as TimelineEvent[]));

    for (const { scenario, request, response } of placed) {
      const { orderId } = response.body;
      const correlationId = response.correlationId ?? '?';
      const { body: view } = await api.getOrder(orderId);
      console.log(`\n━━ ${scenario.title}`);
      console.log(`   order ${orderId}  correlation ${correlationId}  → ${view.status}`);
      const own = events
        .filter((event) => event.metadata.correlationId === correlationId)
        .toSorted((a, b) => a.occurredAt.localeCompare(b.occurredAt));
      for (const event of own) {
        console.log(
          `   ${event.occurredAt}  ${event.source.padEnd(9)} ${event.eventType.padEnd(29)} ${event.eventId}`,
        );
      }
      for (const entry of view.timeline)
        console.log(`   ${entry.at}  checkout  status → ${entry.status}`);
      const mails = await api.mailsTo(request.customer.email);
      for (const mail of mails) console.log(`   mail: "${mail.subject}"`);
      const shipment = await api.getShipment(orderId);
      if (shipment.status === 200) {
        console.log(
          `   shipment: ${shipment.body.carrier} ${shipment.body.trackingNumber}, due ${shipment.body.estimatedDelivery}`,
        );
        if (shipment.body.labelUrl !== undefined)
          console.log(`   label: ${shipment.body.labelUrl}`);
      }
      const contact = await api.getContact(request.customer.id);
      console.log(
        contact.status === 200
          ? `   audience: ${contact.body.email}, ${contact.body.orderCount} order(s), segment ${contact.body.segment}`
          : '   audience: no contact (not opted in, or nothing counted yet)',
      );
    }
    console.log(`\ninbox: ${endpoints.sesv2}/`);
  } finally {
    for (const tap of taps) await tap.close().catch(() => undefined);
    clients.destroy();
  }
};

await main();
