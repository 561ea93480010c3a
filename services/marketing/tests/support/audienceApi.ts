// What the tests of registration, rejected orders and unsubscribes share: the events of other
// producers as they publish them, the unsubscribe link as email builds it, and direct reads of
// the contacts table.
import { randomUUID } from 'node:crypto';
import { PublishCommand } from '@aws-sdk/client-sns';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  buildEvent,
  type ConveyorEvent,
  type CustomerRegisteredV1,
  type CustomerUnsubscribedV1,
  exampleEventData,
  type InventoryReservationFailedV1,
} from '@conveyor/event-types';
import { sealToken, toPublishInput } from '@conveyor/lambda-toolkit';
import { localAccountId, localRegion } from '@conveyor/local-cloud';
import { boundedFetch, invokeFunction, tapTopic, waitFor } from '@conveyor/service-testing';
import { inject } from 'vitest';
import { audienceLogsAbout, serviceLogs, testClients } from './marketingApi.ts';

/** The contacts table of the run's local stage. */
export const CONTACTS_TABLE = 'conveyor-local-marketing-contacts';

/** marketing's own topic, where `customer.unsubscribed` goes. */
export const AUDIENCE_TOPIC = 'conveyor-local-audience-events.fifo';

/** The local stage's unsubscribe secret (serverless.yml `params.local`), shared with email. */
const LOCAL_UNSUBSCRIBE_SECRET = 'local-unsubscribe-token-secret-not-for-use-in-aws';

const topicArn = (name: string) => `arn:aws:sns:${localRegion}:${localAccountId}:${name}`;

/** A `customer.registered` as checkout publishes it. */
export const customerRegistered = (
  customerId: string,
  options: { readonly optIn?: boolean; readonly at?: string; readonly email?: string } = {},
): CustomerRegisteredV1 => {
  const data = exampleEventData['customer.registered']();
  return buildEvent(
    {
      eventType: 'customer.registered',
      version: 1,
      aggregateId: customerId,
      data: {
        customer: {
          ...data.customer,
          customerId,
          ...(options.email === undefined ? {} : { email: options.email }),
        },
        marketingOptIn: options.optIn ?? true,
      },
    },
    options.at === undefined ? {} : { now: () => new Date(options.at as string) },
  );
};

/** An `inventory.reservation-failed` of `orderId` as inventory publishes it. */
export const reservationFailed = (
  customerId: string,
  orderId: string,
): InventoryReservationFailedV1 => {
  const data = exampleEventData['inventory.reservation-failed']();
  return buildEvent({
    eventType: 'inventory.reservation-failed',
    version: 1,
    aggregateId: orderId,
    data: { ...data, customer: { ...data.customer, customerId } },
  });
};

const topicOf: Readonly<Record<string, string>> = {
  'order.placed': 'conveyor-local-order-events.fifo',
  'customer.registered': 'conveyor-local-customer-events.fifo',
  'inventory.reservation-failed': 'conveyor-local-inventory-events.fifo',
};

/**
 * Publishes any event on its producer's topic, as that producer does. A second publish of one
 * event needs another `deduplicationId`, or SNS FIFO drops it before any queue sees it.
 */
export const publishEvent = async (event: ConveyorEvent, deduplicationId = event.eventId) => {
  const name = topicOf[event.eventType];
  if (name === undefined) throw new Error(`no topic for ${event.eventType} in these tests`);
  await testClients().sns.send(
    new PublishCommand({
      ...toPublishInput(topicArn(name), event),
      MessageDeduplicationId: deduplicationId,
    }),
  );
};

/** The token email seals into the unsubscribe link of `customerId`'s mails. */
export const unsubscribeToken = (customerId: string): string =>
  sealToken({ customerId }, { secret: LOCAL_UNSUBSCRIBE_SECRET, purpose: 'unsubscribe' });

/** Links both unsubscribe routes refuse with a 400: the case, the token, the problem's detail. */
export const refusedUnsubscribeTokens = (): [string, string | undefined, string][] => [
  ['no token', undefined, 'The unsubscribe token is missing'],
  ['an empty token', '', 'The unsubscribe token is missing'],
  ['a token that is not one', 'not-a-token', 'The unsubscribe token is not valid'],
  [
    'a tampered token',
    `${unsubscribeToken('cus-x').slice(0, -4)}AAAA`,
    'The unsubscribe token is not valid',
  ],
];

export interface PageResponse {
  readonly status: number;
  readonly contentType: string;
  readonly headers: Headers;
  readonly text: string;
}

const pageResponse = async (response: Response): Promise<PageResponse> => ({
  status: response.status,
  contentType: response.headers.get('content-type') ?? '',
  headers: response.headers,
  text: await response.text(),
});

const unsubscribeUrl = (token: string | undefined): string =>
  `${inject('marketingUrl')}/audience/unsubscribe${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`;

/** Opens an unsubscribe link, as a browser, a mail scanner or a prefetcher does: a plain GET. */
export const openUnsubscribeLink = async (
  token: string | undefined,
  method: 'GET' | 'HEAD' = 'GET',
): Promise<PageResponse> => pageResponse(await boundedFetch(unsubscribeUrl(token), { method }));

/** The hidden fields of the page's form, as a browser submits them. */
const formOf = (page: string): URLSearchParams =>
  new URLSearchParams(
    [...page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map(
      ([, name = '', value = '']): [string, string] => [name, value],
    ),
  );

/**
 * Unsubscribes as a person does: opens the link, then presses the page's button, which posts
 * its form back to the same URL. Answers the page the button led to, or the link's own answer
 * when it has no form (a refused token).
 */
export const clickUnsubscribe = async (token: string | undefined): Promise<PageResponse> => {
  const opened = await openUnsubscribeLink(token);
  if (opened.status !== 200 || !opened.text.includes('<form method="post">')) return opened;
  return pageResponse(
    await boundedFetch(unsubscribeUrl(token), {
      method: 'POST',
      headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
      body: formOf(opened.text),
      redirect: 'manual',
    }),
  );
};

/** The body RFC 8058 has a mail client POST: `List-Unsubscribe=One-Click`, urlencoded. */
export const oneClickForm = (): URLSearchParams =>
  new URLSearchParams({ 'List-Unsubscribe': 'One-Click' });

/**
 * Posts to an unsubscribe link as a mail client's one-click button does (RFC 8058): no cookies,
 * no credentials, the form as the body (fetch sets its content type), redirects not followed.
 */
export const postOneClickUnsubscribe = async (
  token: string | undefined,
  request: {
    readonly body?: NonNullable<RequestInit['body']>;
    readonly headers?: Record<string, string>;
  } = {
    body: oneClickForm(),
  },
): Promise<PageResponse> => {
  return pageResponse(
    await boundedFetch(unsubscribeUrl(token), { method: 'POST', redirect: 'manual', ...request }),
  );
};

/** The stored record of a customer, read straight from the table. */
export const storedContact = async (
  customerId: string,
): Promise<Record<string, unknown> | undefined> =>
  (
    await testClients().documents.send(
      new GetCommand({ TableName: CONTACTS_TABLE, Key: { customerId }, ConsistentRead: true }),
    )
  ).Item;

/** Runs the scheduled republisher now, through serverless-offline's Lambda API. */
export const runRepublisher = async (): Promise<{ republished: string[]; failed: string[] }> =>
  (await invokeFunction(
    inject('marketingLambdaPort'),
    'conveyor-marketing-local-republishUnsubscribed',
  )) as { republished: string[]; failed: string[] };

/** A queue that receives every `customer.unsubscribed` published from now on. */
export const tapAudienceEvents = async () => {
  const tap = await tapTopic(testClients(), AUDIENCE_TOPIC);
  const seen: CustomerUnsubscribedV1[] = [];
  return {
    /** Everything received so far (each drain adds what arrived since). */
    received: async (): Promise<readonly CustomerUnsubscribedV1[]> => {
      seen.push(...((await tap.drain()) as CustomerUnsubscribedV1[]));
      return seen;
    },
    close: tap.close,
  };
};

/**
 * Waits until marketing-audience's consumer logged `message` for the event `eventId`, and
 * returns those lines.
 */
export const waitForLog = async (
  eventId: string,
  message: string,
): Promise<Record<string, unknown>[]> =>
  waitFor(
    async () => {
      const lines = (await audienceLogsAbout(eventId)).filter(
        (line) => line['message'] === message,
      );
      return lines.length > 0 ? lines : undefined;
    },
    { description: `"${message}" logged for event ${eventId}` },
  );

/** Unsubscribe log lines of one customer (`Customer unsubscribed`, with the outcome). */
export const unsubscribeLogs = async (customerId: string) =>
  (await serviceLogs()).filter(
    (line) => line['message'] === 'Customer unsubscribed' && line['customerId'] === customerId,
  );

/** An order id no other test uses. */
export const newOrderId = (): string => randomUUID();
