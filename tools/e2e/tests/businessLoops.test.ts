// The business loops across the five services on the local stack: a registration welcomed and
// put on the newsletter (also while marketing's consumer fails), an unsubscribe link followed
// from the mail, shipped units leaving on-hand stock, and a rejected order kept out of the
// audience figures.
import type { CustomerRegisteredV1, CustomerUnsubscribedV1 } from '@conveyor/event-types';
import {
  type RevokedPermission,
  revokePermission,
  tapTopic,
  waitFor,
} from '@conveyor/service-testing';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { unsubscribeLinkOf } from '../src/conveyorClient.ts';
import {
  CONTACTS_TABLE,
  isSubscriber,
  isSubscriberWithOrders,
  orderCustomer,
  registerNewCustomer,
  waitForAudienceEntry,
  waitForAudienceHandled,
  waitForQueueHandled,
  waitForTapped,
  waitForWelcomeMail,
  WELCOME_SUBJECT,
} from './support/businessLoops.ts';
import {
  clients,
  conveyor,
  dlqDepths,
  newCustomer,
  orderRequest,
  waitForStatus,
} from './support/flow.ts';

let revoked: RevokedPermission | undefined;

afterEach(async () => {
  await revoked?.restore();
  revoked = undefined;
});

describe('registration', () => {
  it('welcomes the customer once and puts them on the newsletter', async () => {
    // Prepare
    const api = conveyor();
    const customerEvents = await tapTopic(clients(), 'conveyor-local-customer-events.fifo');

    // Act
    const registered = await registerNewCustomer('welcome', true);
    const again = await api.registerCustomer({
      email: registered.email,
      name: registered.name,
      marketingOptIn: true,
    });

    // Assess
    expect(registered.status).toBe(201);
    const { customerId } = registered.body;
    expect(again).toMatchObject({ status: 200, body: { customerId } });
    const event = await waitForTapped<CustomerRegisteredV1>(
      customerEvents,
      (each) => each.aggregateId === customerId,
      'customer.registered on the customer topic',
    );
    expect(event).toMatchObject({
      eventType: 'customer.registered',
      source: 'checkout',
      metadata: { correlationId: registered.correlationId },
      data: { marketingOptIn: true },
    });
    const welcome = await waitForWelcomeMail(registered.email);
    expect(welcome.body.text).toContain(`Hi ${registered.name},`);
    expect(welcome.body.text).toContain('newsletter');
    const link = unsubscribeLinkOf(welcome);
    expect(link).toBeDefined();
    expect(link).not.toContain(customerId);
    const entry = await waitForAudienceEntry(customerId, isSubscriber, 'the newsletter entry');
    expect(entry).toMatchObject({
      customerId,
      segment: 'subscriber',
      orderCount: 0,
      lifetimeValue: [],
      newsletter: { subscribedAt: new Date(event.occurredAt).toISOString() },
    });
    expect(entry.email).not.toBe(registered.email);
    // The repeat answered 200 with no second event; email's queue drained, no second welcome.
    expect(await customerEvents.drain()).toEqual([]);
    await waitForQueueHandled('email-notifications.fifo');
    const welcomes = (await api.mailsTo(registered.email)).filter(
      (mail) => mail.subject === WELCOME_SUBJECT,
    );
    expect(welcomes).toHaveLength(1);
    await customerEvents.close();
  });

  it('without consent: a welcome without the link, and no audience entry', async () => {
    // Prepare
    const api = conveyor();

    // Act
    const registered = await registerNewCustomer('no-consent', false);

    // Assess
    expect(registered.status).toBe(201);
    const welcome = await waitForWelcomeMail(registered.email);
    expect(unsubscribeLinkOf(welcome)).toBeUndefined();
    expect(welcome.body.text).not.toContain('newsletter');
    await waitForAudienceHandled();
    expect((await api.getAudienceEntry(registered.body.customerId)).status).toBe(404);
  });

  it("answers 201 and welcomes while marketing's consumer fails; the newsletter entry follows its recovery", async () => {
    // Prepare
    const api = conveyor();
    revoked = await revokePermission(inject('cloudEndpoints').sqs, {
      service: 'conveyor-marketing',
      functionKey: 'onAudienceEvent',
      action: 'dynamodb:PutItem',
      resourceContains: CONTACTS_TABLE,
    });

    // Act
    const registered = await registerNewCustomer('outage', true);
    const denial = await revoked.waitForDenial();
    const welcome = await waitForWelcomeMail(registered.email);
    const duringOutage = await api.getAudienceEntry(registered.body.customerId);
    await revoked.restore();

    // Assess
    expect(registered.status).toBe(201);
    expect(denial).toMatchObject({
      action: 'dynamodb:PutItem',
      resource: expect.stringMatching(/:table\/conveyor-local-marketing-contacts$/) as unknown,
    });
    expect(unsubscribeLinkOf(welcome)).toBeDefined();
    expect(duringOutage.status).toBe(404);
    // No redrive: the refused delivery comes back from marketing's own queue once its
    // visibility timeout (60 s locally) has passed, and is handled now that the role allows it.
    const entry = await waitForAudienceEntry(
      registered.body.customerId,
      isSubscriber,
      'the newsletter entry after the recovery',
    );
    expect(entry).toMatchObject({ segment: 'subscriber', orderCount: 0 });
    expect((await dlqDepths())['marketing-audience-dlq']).toBe(0);
  });
});

describe('unsubscribe', () => {
  it('follows the link of the welcome mail: opted out, announced, and not re-added by a later order with consent', async () => {
    // Prepare
    const api = conveyor();
    const registered = await registerNewCustomer('leaving', true);
    const { customerId } = registered.body;
    const link = unsubscribeLinkOf(await waitForWelcomeMail(registered.email)) ?? '';
    await waitForAudienceEntry(customerId, isSubscriber, 'the newsletter entry');
    const audienceEvents = await tapTopic(clients(), 'conveyor-local-audience-events.fifo');

    // Act
    const page = await api.followUnsubscribeLink(link);
    const afterClick = await api.getAudienceEntry(customerId);
    const placed = await api.placeOrder(
      orderRequest(orderCustomer(registered.body), [{ sku: 'MUG-LOGO', quantity: 1 }]),
    );
    await waitForStatus(placed.body.orderId, 'SHIPPED');
    await waitForAudienceHandled();

    // Assess
    expect(link).toMatch(/\/audience\/unsubscribe\?token=/);
    expect(page.status).toBe(200);
    expect(page.contentType).toContain('text/html');
    expect(page.text).not.toContain(customerId);
    expect(afterClick).toMatchObject({ status: 200, body: { customerId } });
    expect(afterClick.body).toHaveProperty('unsubscribedAt');
    const unsubscribed = await waitForTapped<CustomerUnsubscribedV1>(
      audienceEvents,
      (event) => event.aggregateId === customerId,
      'customer.unsubscribed on the audience topic',
    );
    expect(unsubscribed).toMatchObject({
      eventType: 'customer.unsubscribed',
      version: 1,
      source: 'marketing',
      data: { customerId },
    });
    expect(placed.status).toBe(201);
    const later = await api.getAudienceEntry(customerId);
    expect(later).toEqual(afterClick);
    await audienceEvents.close();
  });
});

describe('fulfilment', () => {
  it("takes a shipped order's units off on-hand and gives its hold back", async () => {
    // Prepare
    const api = conveyor();
    const sku = 'TSHIRT-BLUE-L';
    const set = await api.setStock(sku, 40);
    expect([200, 201]).toContain(set.status);
    const before = (await api.getStock(sku)).body;

    // Act
    const placed = await api.placeOrder(
      orderRequest(newCustomer('fulfil'), [{ sku, quantity: 3 }]),
    );
    await waitForStatus(placed.body.orderId, 'SHIPPED');

    // Assess
    // Inventory reads shipment.created from its own queue, apart from checkout's status.
    const after = await waitFor(
      async () => {
        const { body } = await api.getStock(sku);
        return body.onHand < before.onHand ? body : undefined;
      },
      { description: `the shipped units of ${sku} off on-hand`, intervalMs: 500 },
    );
    expect(after).toEqual({
      sku,
      onHand: before.onHand - 3,
      reserved: before.reserved,
      available: before.available - 3,
    });
  });
});

describe('rejected orders', () => {
  it("leave no trace in an opted-in customer's audience figures", async () => {
    // Prepare
    const api = conveyor();
    const registered = await registerNewCustomer('rejected', true);
    const customer = orderCustomer(registered.body);
    const shipped = await api.placeOrder(
      orderRequest(customer, [{ sku: 'POSTER-A2', quantity: 2 }]),
    );
    await waitForStatus(shipped.body.orderId, 'SHIPPED');
    const counted = await waitForAudienceEntry(
      customer.id,
      isSubscriberWithOrders(1),
      'the subscription and the first order counted',
    );
    const stock = await api.setStock('SNEAKER-LTD-42', 0);
    expect([200, 201]).toContain(stock.status);
    const onlyRejected = newCustomer('only-rejected');

    // Act
    const rejected = await api.placeOrder(
      orderRequest(customer, [{ sku: 'SNEAKER-LTD-42', quantity: 1 }]),
    );
    const alone = await api.placeOrder(
      orderRequest(onlyRejected, [{ sku: 'SNEAKER-LTD-42', quantity: 1 }]),
    );
    await waitForStatus(rejected.body.orderId, 'REJECTED');
    await waitForStatus(alone.body.orderId, 'REJECTED');
    await waitForAudienceHandled();

    // Assess
    expect(counted).toMatchObject({ orderCount: 1, segment: 'new' });
    expect(await api.getAudienceEntry(customer.id)).toEqual({ status: 200, body: counted });
    expect((await api.getAudienceEntry(onlyRejected.id)).status).toBe(404);
  });
});
