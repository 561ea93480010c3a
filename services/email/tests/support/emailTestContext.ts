// What the email integration tests share: real SDK clients on the run's local cloud, the
// producers' topics, the SES inbox read over HTTP, and the service's GET /emails/{eventId}.
import { randomUUID } from 'node:crypto';
import { PublishCommand } from '@aws-sdk/client-sns';
import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import {
  buildEvent,
  type ConveyorEvent,
  exampleEventData,
  queueName,
  stageName,
  topicKeyFor,
  topicName,
  topology,
} from '@conveyor/event-types';
import { toPublishInput } from '@conveyor/lambda-toolkit';
import { localAccountId, localRegion } from '@conveyor/local-cloud';
import {
  awsClients,
  boundedFetch,
  readServiceLogs,
  waitFor,
  waitForDrained as waitForQueueDrained,
} from '@conveyor/service-testing';
import { inject } from 'vitest';

const STAGE = 'local';

/** A mail as aws-ses-v2-local keeps it (`GET /store`). */
export interface StoredEmail {
  readonly messageId: string;
  readonly from: string;
  readonly destination: { readonly to: readonly string[] };
  readonly subject: string;
  readonly body: { readonly html?: string; readonly text?: string };
  readonly headers?: readonly { readonly name: string; readonly value: string }[];
  readonly at: number;
}

export const clients = awsClients({ endpoints: inject('cloudEndpoints') });

export const sentEmailsTable = `conveyor-${STAGE}-email-sent`;

export const queueUrlOf = async (name: string): Promise<string> =>
  (await clients.sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl ?? '';

export const notificationsQueue = () => queueUrlOf(queueName(STAGE, 'emailNotifications'));
export const notificationsDlq = () =>
  queueUrlOf(stageName(STAGE, topology.queues['emailNotifications']?.dlqName ?? ''));

/** Publishes an event on its producer's topic, as the producer would. */
export const publish = async (
  event: ConveyorEvent,
  deduplicationId = event.eventId,
): Promise<void> => {
  const topicArn = `arn:aws:sns:${localRegion}:${localAccountId}:${topicName(STAGE, topicKeyFor(event.eventType))}`;
  await clients.sns.send(
    new PublishCommand({
      ...toPublishInput(topicArn, event),
      MessageDeduplicationId: deduplicationId,
    }),
  );
};

/** A customer with an address no other test uses, so its mails are easy to pick out. */
export const newCustomer = () => {
  const tag = randomUUID().slice(0, 8);
  return { customerId: `cus-${tag}`, email: `ada.${tag}@example.com`, name: 'Ada Lovelace' };
};

type Customer = ReturnType<typeof newCustomer>;

export const orderPlaced = (orderId: string, customer: Customer) =>
  buildEvent({
    eventType: 'order.placed',
    version: 1,
    aggregateId: orderId,
    data: { ...exampleEventData['order.placed'](), customer },
  });

export const reservationFailed = (orderId: string, customer: Customer) =>
  buildEvent({
    eventType: 'inventory.reservation-failed',
    version: 1,
    aggregateId: orderId,
    data: { ...exampleEventData['inventory.reservation-failed'](), customer },
  });

export const shipmentCreated = (orderId: string, customer: Customer) =>
  buildEvent({
    eventType: 'shipment.created',
    version: 1,
    aggregateId: orderId,
    data: { ...exampleEventData['shipment.created'](), customer },
  });

export const customerRegistered = (customer: Customer, marketingOptIn: boolean) =>
  buildEvent({
    eventType: 'customer.registered',
    version: 1,
    aggregateId: customer.customerId,
    data: { customer, marketingOptIn },
  });

/** The local stage's unsubscribe-token secret (param unsubscribeTokenSecret in serverless.yml). */
export const LOCAL_UNSUBSCRIBE_TOKEN_SECRET = 'local-unsubscribe-token-secret-not-for-use-in-aws';

/**
 * The unsubscribe links a mail carries, in the order found: text body, HTML body, header; and
 * its `List-Unsubscribe-Post` header, which offers the one-click POST on the header's link.
 */
export const unsubscribeLinksOf = (mail: StoredEmail | undefined) => {
  const link = /http:\/\/127\.0\.0\.1:\d+\/audience\/unsubscribe\?token=[\w-]+/;
  const headerValue = (name: string) =>
    mail?.headers?.find((header) => header.name === name)?.value;
  return {
    text: link.exec(mail?.body.text ?? '')?.[0],
    html: link.exec(mail?.body.html ?? '')?.[0],
    header: headerValue('List-Unsubscribe'),
    oneClick: headerValue('List-Unsubscribe-Post'),
  };
};

/** Waits until the service has logged the handling of an event, and returns that log line. */
export const waitForHandled = async (eventId: string) =>
  waitFor(
    async () =>
      (await serviceLogs()).find(
        (line) => line['eventId'] === eventId && line['message'] === 'Notification handled',
      ),
    { description: `event ${eventId} handled` },
  );

/** Every mail in the local SES store, read over HTTP as the inbox UI does. */
export const inbox = async (): Promise<StoredEmail[]> => {
  const response = await boundedFetch(`${inject('cloudEndpoints').sesv2}/store`);
  if (!response.ok) throw new Error(`GET /store answered ${response.status}`);
  return ((await response.json()) as { emails: StoredEmail[] }).emails;
};

export const mailsTo = async (recipient: string): Promise<StoredEmail[]> =>
  (await inbox()).filter((email) => email.destination.to.includes(recipient));

/** Waits until `recipient` has at least `count` mails, and returns them. */
export const waitForMails = async (recipient: string, count: number): Promise<StoredEmail[]> =>
  waitFor(
    async () => {
      const mails = await mailsTo(recipient);
      return mails.length >= count ? mails : undefined;
    },
    { description: `${String(count)} mail(s) to ${recipient}` },
  );

/** `GET /emails/{eventId}` on the service. */
export const getSentEmail = async (
  eventId: string,
): Promise<{ status: number; json: Record<string, unknown> }> => {
  const response = await boundedFetch(`${inject('emailUrl')}/emails/${eventId}`);
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
};

/** Waits until the service has recorded the event's mail as SENT. */
export const waitForSent = async (eventId: string) =>
  waitFor(
    async () => {
      const { status, json } = await getSentEmail(eventId);
      return status === 200 && json['status'] === 'SENT' ? json : undefined;
    },
    { description: `mail of event ${eventId} SENT` },
  );

/** Waits until the queue holds nothing, visible or in flight: every delivery was handled. */
export const waitForDrained = async (queueUrl: string): Promise<void> => {
  await waitForQueueDrained(clients, queueUrl);
};

/** The offline email process's structured (Powertools JSON) log lines so far. */
export const serviceLogs = (): Promise<Record<string, unknown>[]> =>
  readServiceLogs(inject('emailOutputUrl'));
