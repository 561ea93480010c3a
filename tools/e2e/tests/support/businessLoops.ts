// What the business-loop tests share: registering a fresh customer, waiting for their welcome
// mail and their audience entry, and knowing when marketing has handled all it was sent.
import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { type TopicTap, waitFor, waitForDrained } from '@conveyor/service-testing';
import type {
  AudienceContact,
  AudienceEntry,
  RegisteredCustomer,
  StoredMail,
} from '../../src/conveyorClient.ts';
import { clients, conveyor, newCustomer } from './flow.ts';

/** The subject of email's welcome mail. */
export const WELCOME_SUBJECT = 'Welcome to Conveyor';

/** marketing's contacts table in the local stage, as IAM decisions name it. */
export const CONTACTS_TABLE = 'conveyor-local-marketing-contacts';

/** Registers a customer nobody else uses and returns checkout's answer. */
export const registerNewCustomer = async (label: string, marketingOptIn: boolean) => {
  const { email, name } = newCustomer(label);
  const response = await conveyor().registerCustomer({ email, name, marketingOptIn });
  return { ...response, email, name };
};

/** The customer of an order, as `POST /checkout` takes it, for a registered customer. */
export const orderCustomer = (customer: RegisteredCustomer) => ({
  id: customer.customerId,
  email: customer.email,
  name: customer.name,
});

/** Waits until the welcome mail to `email` is in the inbox. */
export const waitForWelcomeMail = (email: string): Promise<StoredMail> =>
  waitFor(
    async () => (await conveyor().mailsTo(email)).find((mail) => mail.subject === WELCOME_SUBJECT),
    { description: `the welcome mail to ${email}` },
  );

/** Waits until marketing answers for `customerId` with an entry that `accepts`. */
export const waitForAudienceEntry = <T extends AudienceEntry>(
  customerId: string,
  accepts: (entry: AudienceEntry) => entry is T,
  description: string,
): Promise<T> =>
  waitFor(
    async () => {
      const { status, body } = await conveyor().getAudienceEntry(customerId);
      return status === 200 && accepts(body) ? body : undefined;
    },
    { description: `${description} of ${customerId}`, intervalMs: 500 },
  );

/** A contact on the newsletter. */
export const isSubscriber = (
  entry: AudienceEntry,
): entry is AudienceContact & { newsletter: { subscribedAt: string } } => 'newsletter' in entry;

/** A contact on the newsletter with at least `orders` counted orders. */
export const isSubscriberWithOrders =
  (orders: number) =>
  (entry: AudienceEntry): entry is AudienceContact =>
    isSubscriber(entry) && entry.orderCount >= orders;

/**
 * Waits until a consumer queue (its name in the local stage, such as `marketing-audience`) holds
 * nothing, visible or in flight: every event delivered to it so far has been handled (or
 * dead-lettered). Call it once the event is known to be published (an order's status moved, a
 * mail arrived, an answer came): SNS delivers to every queue within the publish.
 */
export const waitForQueueHandled = async (queue: string): Promise<void> => {
  const aws = clients();
  try {
    const { QueueUrl } = await aws.sqs.send(
      new GetQueueUrlCommand({ QueueName: `conveyor-local-${queue}` }),
    );
    await waitForDrained(aws, QueueUrl ?? '', { description: `${queue} drained` });
  } finally {
    aws.destroy();
  }
};

/** Waits until marketing has handled every event delivered to it so far. */
export const waitForAudienceHandled = (): Promise<void> =>
  waitForQueueHandled('marketing-audience');

/** Waits until a tapped topic has carried an event that `matches`, and returns it. */
export const waitForTapped = <T>(
  tap: TopicTap,
  matches: (event: T) => boolean,
  description: string,
): Promise<T> => {
  const seen: T[] = [];
  return waitFor(
    async () => {
      seen.push(...((await tap.drain()) as T[]));
      return seen.find(matches);
    },
    { description, intervalMs: 500 },
  );
};
