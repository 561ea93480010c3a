import { randomUUID } from 'node:crypto';
import { PublishBatchCommand, PublishCommand } from '@aws-sdk/client-sns';
import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { buildEvent, exampleEventData, type OrderPlacedV1 } from '@conveyor/event-types';
import { toPublishInput } from '@conveyor/lambda-toolkit';
import { localAccountId, localRegion } from '@conveyor/local-cloud';
import { awsClients, boundedFetch, jsonLogLines, waitFor } from '@conveyor/service-testing';
import { inject } from 'vitest';

const clients = awsClients({ endpoints: inject('cloudEndpoints') });
const orderEventsTopicArn = `arn:aws:sns:${localRegion}:${localAccountId}:conveyor-local-order-events.fifo`;

/** The real SDK clients of the run's local cloud. */
export const testClients = () => clients;

/** A customer id no other test uses. */
export const newCustomerId = (): string => `cus-${randomUUID().slice(0, 8)}`;

/** An `order.placed` for `customerId`, built and validated by the contract library. */
export const orderPlaced = (
  customerId: string,
  options: {
    readonly optIn?: boolean;
    readonly at?: string;
    readonly total?: number;
    readonly currency?: string;
    readonly email?: string;
  } = {},
): OrderPlacedV1 => {
  const data = exampleEventData['order.placed']();
  return buildEvent(
    {
      eventType: 'order.placed',
      version: 1,
      aggregateId: randomUUID(),
      data: {
        ...data,
        customer: {
          ...data.customer,
          customerId,
          ...(options.email === undefined ? {} : { email: options.email }),
        },
        currency: options.currency ?? data.currency,
        total: options.total ?? data.total,
        marketingOptIn: options.optIn ?? true,
      },
    },
    options.at === undefined ? {} : { now: () => new Date(options.at as string) },
  );
};

/**
 * Publishes on checkout's topic as checkout does. A second publish of one event needs another
 * `deduplicationId`, or SNS FIFO drops it before any queue sees it.
 */
export const publish = async (event: OrderPlacedV1, deduplicationId = event.eventId) => {
  await clients.sns.send(
    new PublishCommand({
      ...toPublishInput(orderEventsTopicArn, event),
      MessageDeduplicationId: deduplicationId,
    }),
  );
};

/**
 * Publishes events in as few calls as SNS allows (10 per PublishBatch, each delivered to the
 * queue at once), so that a burst reaches the queue in a few requests however busy the machine.
 * Copies of one event need distinct `deduplicationId`s, as with {@link publish}.
 */
export const publishBurst = async (
  events: readonly OrderPlacedV1[],
  deduplicationId: (event: OrderPlacedV1, index: number) => string = (event) => event.eventId,
): Promise<void> => {
  for (let start = 0; start < events.length; start += 10) {
    const entries = events.slice(start, start + 10).map((event, offset) => {
      const { TopicArn: _topic, ...entry } = toPublishInput(orderEventsTopicArn, event);
      const index = start + offset;
      return {
        ...entry,
        Id: `e${String(index)}`,
        MessageDeduplicationId: deduplicationId(event, index),
      };
    });
    const { Failed = [] } = await clients.sns.send(
      new PublishBatchCommand({
        TopicArn: orderEventsTopicArn,
        PublishBatchRequestEntries: entries,
      }),
    );
    if (Failed.length > 0) throw new Error(`PublishBatch refused ${JSON.stringify(Failed)}`);
  }
};

export const queueUrl = async (name: string): Promise<string> => {
  const { QueueUrl } = await clients.sqs.send(
    new GetQueueUrlCommand({ QueueName: `conveyor-local-${name}` }),
  );
  if (QueueUrl === undefined) throw new Error(`no queue ${name}`);
  return QueueUrl;
};

export interface ContactResponse {
  readonly status: number;
  readonly text: string;
  readonly json: Record<string, unknown>;
}

export const getContact = async (customerId: string): Promise<ContactResponse> => {
  const response = await boundedFetch(
    `${inject('marketingUrl')}/audience/contacts/${encodeURIComponent(customerId)}`,
  );
  const text = await response.text();
  return { status: response.status, text, json: JSON.parse(text) as Record<string, unknown> };
};

/** Waits until the contact exists and `accept` holds, and returns its body. */
export const waitForContact = async (
  customerId: string,
  accept: (contact: Record<string, unknown>) => boolean = () => true,
): Promise<Record<string, unknown>> =>
  waitFor(
    async () => {
      const response = await getContact(customerId);
      return response.status === 200 && accept(response.json) ? response.json : undefined;
    },
    { description: `audience contact ${customerId}` },
  );

/** Everything the offline marketing process printed so far. */
export const serviceOutput = async (): Promise<string> =>
  (await boundedFetch(inject('marketingOutputUrl'))).text();

/** The service's structured (Powertools JSON) log lines so far. */
export const serviceLogs = async (): Promise<Record<string, unknown>[]> =>
  jsonLogLines(await serviceOutput());

/** The function consuming marketing-audience, by its key in serverless.yml. */
export const AUDIENCE_FUNCTION = 'onAudienceEvent';

/**
 * Whether a structured line was logged by the function `functionKey`: the toolkit puts the Lambda
 * context on every line about a record, and `function_name` is `<service>-<stage>-<key>`. Other
 * consumers of the same event in this service (a team may add one) log the same `eventId`.
 */
export const loggedBy =
  (functionKey: string) =>
  (line: Record<string, unknown>): boolean => {
    const name = line['function_name'];
    return typeof name === 'string' && (name === functionKey || name.endsWith(`-${functionKey}`));
  };

/** What marketing-audience's consumer logged about the event `eventId`. */
export const audienceLogsAbout = async (eventId: string): Promise<Record<string, unknown>[]> =>
  (await serviceLogs()).filter(
    (line) => line['eventId'] === eventId && loggedBy(AUDIENCE_FUNCTION)(line),
  );

/**
 * The lines of the service's output naming `eventId` but those another function logged: what
 * shows the event reached marketing-audience's consumer, or leaked outside a structured line.
 */
export const audienceOutputAbout = async (eventId: string): Promise<string[]> =>
  (await serviceOutput()).split('\n').filter((line) => {
    if (!line.includes(eventId)) return false;
    const start = line.indexOf('{');
    if (start < 0) return true;
    try {
      const parsed = JSON.parse(line.slice(start)) as unknown;
      if (typeof parsed !== 'object' || parsed === null) return true;
      const name = (parsed as Record<string, unknown>)['function_name'];
      return (
        typeof name !== 'string' || loggedBy(AUDIENCE_FUNCTION)(parsed as Record<string, unknown>)
      );
    } catch {
      return true;
    }
  });
