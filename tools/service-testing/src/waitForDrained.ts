import type { AwsClients } from './awsClients.ts';
import { queueDepth } from './topicTap.ts';
import { waitFor, type WaitForOptions } from './waitFor.ts';

/**
 * Waits until a queue holds nothing, visible or in flight: every message sent to it before the
 * call has been handled and deleted (or moved to its DLQ). Its consumer publishes and writes
 * before it deletes, so this is the positive event to wait for before asserting that a
 * delivery changed nothing, rather than a pause. Bounded like {@link waitFor}.
 *
 * @example
 * ```ts
 * await publish(duplicate);
 * await waitForDrained(clients, queueUrl, { description: 'the duplicate handled' });
 * expect(await mailsTo(customer.email)).toHaveLength(1);
 * ```
 */
export const waitForDrained = async (
  clients: Pick<AwsClients, 'sqs'>,
  queueUrl: string,
  options: Partial<WaitForOptions> = {},
): Promise<void> => {
  await waitFor(async () => ((await queueDepth(clients, queueUrl)) === 0 ? true : undefined), {
    ...options,
    description: options.description ?? `every message of ${queueUrl} handled (queue drained)`,
  });
};
