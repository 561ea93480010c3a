// `npm run demo`: registers a customer and places a handful of orders against the running system
// (`npm start`), shows progress while the services work, then prints the registration (its
// welcome mail and newsletter entry), each order (its events across the services tied together by
// correlation id, its status timeline, its mails, its shipment, what marketing counts) and the
// stock the shipped units left.
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { type TopicKey, topicName, topology } from '@conveyor/event-types';
import { queueDepth, type TopicTap, tapTopic } from '@conveyor/service-testing';
import {
  type AudienceContact,
  type AudienceEntry,
  type CheckoutRequest,
  conveyorClient,
  type OrderView,
  type StoredMail,
  unsubscribeLinkOf,
} from './conveyorClient.ts';
import { parseOrExit } from './commandLine.ts';
import { type DemoStock, demoStockChanges } from './demoStockChanges.ts';
import { assertSystemRunning, localSystemOrExit } from './localSystem.ts';

const usage = `Usage: npm run demo

Registers a customer and places a handful of orders against the running system (npm start, the
local cloud on CONVEYOR_LOCAL_PORTS or the default ports), setting the stock they need, and
prints what each service did with them. Takes no options but --help.`;

parseOrExit(() => parseArgs({ options: { help: { type: 'boolean', default: false } } }), usage);

interface TimelineEvent {
  readonly eventType: string;
  readonly source: string;
  readonly occurredAt: string;
  readonly aggregateId: string;
  readonly eventId: string;
  readonly metadata: { readonly correlationId: string; readonly causationId?: string };
}

/** Who orders: the customer registered by the demo, or a guest with an id of their own. */
type Buyer = 'registered' | { readonly label: string; readonly name: string };

interface Scenario {
  readonly title: string;
  /** What the scenario is there to show; the demo fails when the order ends otherwise. */
  readonly expected: 'SHIPPED' | 'REJECTED';
  readonly buyer: Buyer;
  readonly lines: CheckoutRequest['lines'];
  readonly marketingOptIn: boolean;
  readonly country: string;
}

const REGISTERED = { label: 'ada', name: 'Ada Lovelace' } as const;

const scenarios: readonly Scenario[] = [
  {
    title: 'registered customer, opted in, in stock',
    expected: 'SHIPPED',
    buyer: 'registered',
    lines: [
      { sku: 'TSHIRT-RED-M', quantity: 2 },
      { sku: 'MUG-LOGO', quantity: 1 },
    ],
    marketingOptIn: true,
    country: 'GB',
  },
  {
    title: 'guest not opted in to marketing',
    expected: 'SHIPPED',
    buyer: { label: 'alan', name: 'Alan Turing' },
    lines: [{ sku: 'HOODIE-GREY-M', quantity: 1 }],
    marketingOptIn: false,
    country: 'DE',
  },
  {
    title: 'guest opted in, out of stock (50 limited sneakers): rejected, never counted',
    expected: 'REJECTED',
    buyer: { label: 'grace', name: 'Grace Hopper' },
    lines: [{ sku: 'SNEAKER-LTD-42', quantity: 50 }],
    marketingOptIn: true,
    country: 'US',
  },
  {
    title: 'registered customer again',
    expected: 'SHIPPED',
    buyer: 'registered',
    lines: [{ sku: 'POSTER-A2', quantity: 3 }],
    marketingOptIn: true,
    country: 'GB',
  },
];

interface PlacedOrder {
  readonly scenario: Scenario;
  readonly request: CheckoutRequest;
  readonly orderId: string;
  readonly correlationId: string | undefined;
}

/** Every order gets two mails: its confirmation, then the shipped notice or the apology. */
const MAILS_PER_ORDER = 2;
/** Bound on the wait for everything to happen: a safety net on a busy machine, not a budget. */
const WAIT_LIMIT_MS = 180_000;
// Every event topic the topology has, so a topic added there shows in the timelines too.
const topicKeys = Object.keys(topology.topics) as TopicKey[];

const orderRequest = (
  customer: CheckoutRequest['customer'],
  { lines, marketingOptIn, country }: Scenario,
): CheckoutRequest => ({
  customer,
  lines,
  shippingAddress: {
    name: customer.name,
    line1: '1 Demo Street',
    city: 'Demo City',
    postalCode: '10115',
    country,
  },
  currency: country === 'US' ? 'USD' : country === 'GB' ? 'GBP' : 'EUR',
  marketingOptIn,
});

/**
 * One line that tells how far the wait is. On a terminal it is rewritten in place; otherwise
 * (a pipe, a CI log) a plain line is printed each time what it says changes.
 */
const progressLine = (stream: NodeJS.WriteStream) => {
  const started = Date.now();
  let last = '';
  return {
    update: (state: string) => {
      const line = `  waiting ${String(Math.round((Date.now() - started) / 1_000))} s: ${state}`;
      if (stream.isTTY) {
        // A line wider than the terminal wraps, and \r would then rewrite only its last part.
        // A terminal that reports no width (0) gets the whole line.
        const width = stream.columns > 1 ? stream.columns - 1 : line.length;
        stream.write(`\r\x1b[2K${line.slice(0, width)}`);
      } else if (state !== last) {
        stream.write(`${line}\n`);
      }
      last = state;
    },
    end: () => {
      if (stream.isTTY) stream.write('\n');
    },
  };
};

const mark = (done: boolean): string => (done ? '✓' : '…');

const isSubscriber = (
  entry: AudienceEntry | undefined,
): entry is AudienceContact & { newsletter: { subscribedAt: string } } =>
  entry !== undefined && 'newsletter' in entry;

const main = async (): Promise<void> => {
  const system = localSystemOrExit('demo');
  const { endpoints, aws } = system;
  const api = conveyorClient(endpoints);
  try {
    await assertSystemRunning(system);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
    aws.destroy();
    return;
  }
  const taps: TopicTap[] = [];
  try {
    for (const key of topicKeys) taps.push(await tapTopic(aws, topicName('local', key)));
    const runId = randomUUID().slice(0, 6);
    // The mail store keeps every earlier run's mails: read only this run's.
    const startedAt = new Date(Date.now() - 1_000);

    // The registration, then the orders; the registered customer orders under their customerId.
    const person = { name: REGISTERED.name, email: `${REGISTERED.label}-${runId}@example.com` };
    const registration = await api.registerCustomer(
      { ...person, marketingOptIn: true },
      { 'x-correlation-id': `demo-${runId}-registration` },
    );
    console.log(
      `registered: ${person.name} <${person.email}>, marketing consent → ${String(registration.status)} customer ${registration.body.customerId}`,
    );
    if (registration.status !== 201) {
      console.error(`registration failed: ${JSON.stringify(registration.body)}`);
      process.exitCode = 1;
      return;
    }
    const { customerId } = registration.body;

    const skus = [...new Set(scenarios.flatMap((scenario) => scenario.lines.map((l) => l.sku)))];
    const stockBefore = new Map<string, DemoStock>();
    for (const sku of skus) stockBefore.set(sku, (await api.getStock(sku)).body);
    const scenarioLines = scenarios.flatMap(({ lines, expected }) =>
      lines.map((line) => ({ ...line, expected })),
    );
    for (const change of demoStockChanges(scenarioLines, stockBefore)) {
      const set = await api.setStock(change.sku, change.onHand);
      console.log(
        `stock: ${change.sku} had ${change.reason}: on hand set to ${String(change.onHand)} → ${String(set.status)}`,
      );
      if (set.status === 200) stockBefore.set(change.sku, set.body);
    }

    const placed: PlacedOrder[] = [];
    for (const scenario of scenarios) {
      const customer =
        scenario.buyer === 'registered'
          ? { id: customerId, ...person }
          : {
              id: `${scenario.buyer.label}-${runId}`,
              name: scenario.buyer.name,
              email: `${scenario.buyer.label}-${runId}@example.com`,
            };
      const request = orderRequest(customer, scenario);
      const response = await api.placeOrder(request, {
        'x-correlation-id': `demo-${runId}-${String(placed.length + 1)}`,
      });
      console.log(
        `placed: ${scenario.title} → ${String(response.status)} ${response.body.orderId}`,
      );
      if (response.status !== 201) {
        console.error(`order refused: ${JSON.stringify(response.body)}`);
        process.exitCode = 1;
        return;
      }
      placed.push({
        scenario,
        request,
        orderId: response.body.orderId,
        correlationId: response.correlationId,
      });
    }

    // Wait for the outcome of everything, showing how far it got.
    const events: TimelineEvent[] = [];
    const views = new Map<string, OrderView>();
    let mails: StoredMail[] = [];
    let registered: AudienceEntry | undefined;
    const stockAfter = new Map<string, DemoStock>();
    const mailsOf = (orderId: string) =>
      mails.filter((mail) => `${mail.body.text ?? ''}${mail.body.html ?? ''}`.includes(orderId));
    const welcomeOf = () =>
      mails.find(
        (mail) =>
          mail.subject === 'Welcome to Conveyor' &&
          JSON.stringify(mail.destination).includes(person.email),
      );
    const finished = (orderId: string) =>
      ['SHIPPED', 'REJECTED'].includes(views.get(orderId)?.status ?? '');
    const shippedUnits = (sku: string) =>
      placed
        .filter(({ orderId }) => views.get(orderId)?.status === 'SHIPPED')
        .flatMap(({ request }) => request.lines)
        .filter((line) => line.sku === sku)
        .reduce((units, line) => units + line.quantity, 0);
    const registeredShipped = () =>
      placed.filter(
        ({ orderId, scenario }) =>
          scenario.buyer === 'registered' && views.get(orderId)?.status === 'SHIPPED',
      ).length;
    const audienceQueueUrl =
      (
        await aws.sqs.send(
          new GetQueueUrlCommand({ QueueName: 'conveyor-local-marketing-audience' }),
        )
      ).QueueUrl ?? '';
    let audienceBacklog = Infinity;
    const progress = progressLine(process.stdout);
    const deadline = Date.now() + WAIT_LIMIT_MS;
    let progressEnded = false;
    const checks = () => {
      const finishedOrders = placed.filter(({ orderId }) => finished(orderId)).length;
      const orderMails = placed.reduce((sum, { orderId }) => sum + mailsOf(orderId).length, 0);
      const allFinished = finishedOrders === placed.length;
      const stockSettled =
        allFinished &&
        skus.every(
          (sku) =>
            (stockAfter.get(sku)?.onHand ?? Infinity) <=
            (stockBefore.get(sku)?.onHand ?? 0) - shippedUnits(sku),
        );
      // Every event of the run is on marketing's queue once the orders are final; an empty queue
      // means it has handled them all, rejections included.
      const subscribed = isSubscriber(registered);
      const audienceDone =
        allFinished &&
        audienceBacklog === 0 &&
        isSubscriber(registered) &&
        registered.orderCount >= registeredShipped();
      return {
        orders: {
          done: allFinished,
          text: `orders ${String(finishedOrders)}/${String(placed.length)}`,
        },
        mails: {
          done: orderMails >= placed.length * MAILS_PER_ORDER,
          text: `order mails ${String(orderMails)}/${String(placed.length * MAILS_PER_ORDER)}`,
        },
        welcome: {
          done: welcomeOf() !== undefined,
          text: `welcome ${mark(welcomeOf() !== undefined)}`,
        },
        newsletter: { done: subscribed, text: `newsletter ${mark(subscribed)}` },
        audience: { done: audienceDone, text: `audience ${mark(audienceDone)}` },
        stock: { done: stockSettled, text: `stock ${mark(stockSettled)}` },
      };
    };
    for (;;) {
      for (const tap of taps) events.push(...((await tap.drain()) as TimelineEvent[]));
      for (const { orderId } of placed) {
        if (!finished(orderId)) views.set(orderId, (await api.getOrder(orderId)).body);
      }
      mails = await api.mails(startedAt);
      const entry = await api.getAudienceEntry(customerId);
      registered = entry.status === 200 ? entry.body : undefined;
      for (const sku of skus) stockAfter.set(sku, (await api.getStock(sku)).body);
      audienceBacklog = await queueDepth(aws, audienceQueueUrl);
      const state = checks();
      progress.update(
        Object.values(state)
          .map((check) => check.text)
          .join(' · '),
      );
      if (Object.values(state).every((check) => check.done)) break;
      if (Date.now() >= deadline) {
        progress.end();
        progressEnded = true;
        const missing = Object.entries(state).filter(([, check]) => !check.done);
        console.error(
          `Gave up after ${String(WAIT_LIMIT_MS / 1_000)} s still waiting for: ${missing.map(([name]) => name).join(', ')}. What arrived so far:`,
        );
        process.exitCode = 1;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    if (!progressEnded) progress.end();
    for (const tap of taps) events.push(...((await tap.drain()) as TimelineEvent[]));

    const printEvents = (correlationId: string | undefined) => {
      const own = events
        .filter((event) => event.metadata.correlationId === correlationId)
        .toSorted((a, b) => a.occurredAt.localeCompare(b.occurredAt));
      for (const event of own) {
        console.log(
          `   ${event.occurredAt}  ${event.source.padEnd(9)} ${event.eventType.padEnd(29)} ${event.eventId}`,
        );
      }
    };

    console.log(`\n━━ registration: ${person.name}, marketing consent`);
    console.log(
      `   customer ${customerId}  correlation ${registration.correlationId ?? '?'}  registered ${registration.body.registeredAt}`,
    );
    printEvents(registration.correlationId);
    const welcome = welcomeOf();
    if (welcome === undefined) {
      console.log('   mail: no welcome mail yet');
    } else {
      console.log(`   mail: "${welcome.subject}" → ${person.email}`);
      console.log(`   unsubscribe link in it: ${unsubscribeLinkOf(welcome) ?? '(none)'}`);
    }
    console.log(
      isSubscriber(registered)
        ? `   newsletter: subscribed ${registered.newsletter.subscribedAt} (${registered.email})`
        : '   newsletter: no entry yet',
    );

    for (const { scenario, orderId, correlationId } of placed) {
      const view = views.get(orderId);
      console.log(`\n━━ ${scenario.title}`);
      console.log(
        `   order ${orderId}  correlation ${correlationId ?? '?'}  → ${view?.status ?? '?'}`,
      );
      printEvents(correlationId);
      for (const entry of view?.timeline ?? [])
        console.log(`   ${entry.at}  checkout  status → ${entry.status}`);
      for (const mail of mailsOf(orderId)) {
        const link = unsubscribeLinkOf(mail) === undefined ? '' : ' (with unsubscribe link)';
        console.log(`   mail: "${mail.subject}"${link}`);
        // The shipped notice names the carrier as customers know it, with its tracking page.
        for (const line of (mail.body.text ?? '').split('\n')) {
          if (/^(Carrier|Track your parcel):/.test(line)) console.log(`         ${line}`);
        }
      }
      const shipment = await api.getShipment(orderId);
      if (shipment.status === 200) {
        console.log(
          `   shipment: ${shipment.body.carrier} ${shipment.body.trackingNumber}, due ${shipment.body.estimatedDelivery}`,
        );
        if (shipment.body.labelUrl !== undefined)
          console.log(`   label: ${shipment.body.labelUrl}`);
      }
    }

    console.log('\n━━ audience (marketing)');
    const audienceIds = [...new Set(placed.map(({ request }) => request.customer.id))];
    for (const id of audienceIds) {
      const { status, body } = await api.getAudienceEntry(id);
      const name = placed.find(({ request }) => request.customer.id === id)?.request.customer.name;
      if (status !== 200) {
        console.log(`   ${name ?? id}: not in the audience`);
      } else if ('orderCount' in body) {
        const value = body.lifetimeValue
          .map(({ currency, amount }) => `${(amount / 100).toFixed(2)} ${currency}`)
          .join(', ');
        const newsletter = body.newsletter === undefined ? '' : ', on the newsletter';
        console.log(
          `   ${name ?? id}: ${String(body.orderCount)} order(s) counted, ${value || 'no value'}, segment ${body.segment}${newsletter}`,
        );
      } else {
        console.log(`   ${name ?? id}: unsubscribed ${body.unsubscribedAt}`);
      }
    }

    console.log('\n━━ stock (shipped units leave on-hand, holds are given back)');
    for (const sku of skus) {
      const [before, after] = [stockBefore.get(sku), stockAfter.get(sku)];
      console.log(
        `   ${sku.padEnd(15)} on hand ${String(before?.onHand)} → ${String(after?.onHand)}, reserved ${String(before?.reserved)} → ${String(after?.reserved)}, shipped here ${String(shippedUnits(sku))}`,
      );
    }
    console.log(`\ninbox: ${endpoints.sesv2}/`);
    for (const { scenario, orderId } of placed) {
      const status = views.get(orderId)?.status ?? '?';
      if (status !== scenario.expected) {
        console.error(
          `"${scenario.title}" ended ${status}, not ${scenario.expected}: was stock changed while the demo ran?`,
        );
        process.exitCode = 1;
      }
    }
  } finally {
    for (const tap of taps) await tap.close().catch(() => undefined);
    aws.destroy();
  }
};

try {
  await main();
} catch (error) {
  console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
