// The whole order flow across the five services on the local stack.
import { tapTopic, waitFor } from '@conveyor/service-testing';
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import {
  clients,
  conveyor,
  newCustomer,
  orderRequest,
  waitForConsumersDrained,
  waitForFinalStatus,
  waitForStatus,
} from './support/flow.ts';

describe('order flow', () => {
  it('ships an order: one confirmation, one shipped mail, a PDF label and an audience contact', async () => {
    // Prepare
    const api = conveyor();
    const customer = newCustomer('happy');
    const inventoryEvents = await tapTopic(clients(), 'conveyor-local-inventory-events.fifo');

    // Act
    const placed = await api.placeOrder(orderRequest(customer, [{ sku: 'MUG-LOGO', quantity: 2 }]));

    // Assess
    expect(placed.status).toBe(201);
    const { orderId } = placed.body;
    const reserved = await waitFor(
      async () => {
        const events = (await inventoryEvents.drain()) as {
          eventType: string;
          aggregateId: string;
          metadata: { correlationId: string };
        }[];
        return events.find((event) => event.aggregateId === orderId);
      },
      { description: 'inventory.reserved on the inventory topic' },
    );
    expect(reserved.eventType).toBe('inventory.reserved');
    expect(reserved.metadata.correlationId).toBe(placed.correlationId);
    const order = await waitForStatus(orderId, 'SHIPPED');
    expect(order.timeline.map((entry) => entry.status)).toEqual(['PLACED', 'CONFIRMED', 'SHIPPED']);

    const mails = await waitFor(
      async () => {
        const found = await api.mailsTo(customer.email);
        return found.length >= 2 ? found : undefined;
      },
      { description: 'two mails to the customer' },
    );
    // A third mail, were one sent, would be out once every event is handled.
    await waitForConsumersDrained();
    const subjects = (await api.mailsTo(customer.email)).map((mail) => mail.subject);
    expect(
      subjects.filter((subject) => subject.startsWith('We have received your order')),
    ).toHaveLength(1);
    expect(subjects.filter((subject) => subject.endsWith('is on its way'))).toHaveLength(1);
    expect(mails).toHaveLength(2);

    const shipment = await api.getShipment(orderId);
    expect(shipment.status).toBe(200);
    const label = await fetch(shipment.body.labelUrl ?? '');
    const pdf = new Uint8Array(await label.arrayBuffer());
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    const { text } = await extractText(await getDocumentProxy(pdf), { mergePages: true });
    expect(text).toContain(shipment.body.trackingNumber);

    const contact = await waitFor(
      async () => {
        const response = await api.getContact(customer.id);
        return response.status === 200 ? response.body : undefined;
      },
      { description: 'the audience contact' },
    );
    expect(contact.orderCount).toBe(1);
    expect(contact.email).not.toBe(customer.email);
  });

  it('keeps a customer who did not opt in out of the audience', async () => {
    // Prepare
    const api = conveyor();
    const customer = newCustomer('no-optin');

    // Act
    const placed = await api.placeOrder(
      orderRequest(customer, [{ sku: 'TSHIRT-RED-M', quantity: 1 }], false),
    );
    await waitForStatus(placed.body.orderId, 'SHIPPED');
    await waitForConsumersDrained();

    // Assess
    expect((await api.getContact(customer.id)).status).toBe(404);
    expect(await api.mailsTo(customer.email)).toHaveLength(2);
  });

  it('rejects an order out of stock: an apology mail and no shipment', async () => {
    // Prepare
    const api = conveyor();
    const customer = newCustomer('no-stock');
    const stock = await api.setStock('SNEAKER-LTD-42', 0);
    expect([200, 201]).toContain(stock.status);

    // Act
    const placed = await api.placeOrder(
      orderRequest(customer, [{ sku: 'SNEAKER-LTD-42', quantity: 1 }]),
    );

    // Assess
    const order = await waitForFinalStatus(placed.body.orderId);
    expect(order.status).toBe('REJECTED');
    const apology = await waitFor(
      async () =>
        (await api.mailsTo(customer.email)).find((mail) => mail.subject.startsWith('Sorry')),
      { description: 'the apology mail' },
    );
    expect(apology.body.text).toMatch(/Limited sneaker|SNEAKER-LTD-42/);
    expect((await api.getShipment(placed.body.orderId)).status).toBe(404);
  });
});
