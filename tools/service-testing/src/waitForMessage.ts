import { type Message, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { AwsClients } from './awsClients.ts';
import { waitFor, type WaitForOptions } from './waitFor.ts';

/** Options of {@link waitForMessage}. */
export interface WaitForMessageOptions extends WaitForOptions {
  /**
   * Visibility timeout of each receive, in seconds; the queue's own when unset. `0` leaves every
   * message visible, so a later receive (or a depth check) still sees it.
   */
  readonly visibilityTimeout?: number;
  /** Long-poll wait of each receive, in seconds; none when unset. */
  readonly waitTimeSeconds?: number;
}

/**
 * Receives from `queueUrl` until a message matching `matches` turns up, and returns it with all
 * its system attributes (such as `ApproximateReceiveCount`). Bounded like {@link waitFor}.
 *
 * @example
 * ```ts
 * const dead = await waitForMessage(clients, dlqUrl, (m) => m.Body === poison, { description: 'the poison message in the DLQ' });
 * ```
 */
export const waitForMessage = (
  clients: Pick<AwsClients, 'sqs'>,
  queueUrl: string,
  matches: (message: Message) => boolean,
  options: WaitForMessageOptions,
): Promise<Message> => {
  const { visibilityTimeout, waitTimeSeconds, ...waitOptions } = options;
  return waitFor(async () => {
    const { Messages } = await clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        MessageSystemAttributeNames: ['All'],
        ...(visibilityTimeout === undefined ? {} : { VisibilityTimeout: visibilityTimeout }),
        ...(waitTimeSeconds === undefined ? {} : { WaitTimeSeconds: waitTimeSeconds }),
      }),
    );
    return Messages?.find(matches);
  }, waitOptions);
};
