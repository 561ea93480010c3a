import { GetQueueAttributesCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import type { AwsClients } from './awsClients.ts';

/** Where a queue's redrive policy sends a message it gave up on. */
export interface DeadLetterQueue {
  /** The dead-letter queue's URL. */
  readonly dlqUrl: string;
  /** The dead-letter queue's ARN, as the source queue's `RedrivePolicy` names it. */
  readonly dlqArn: string;
  /** How many receives a message gets before the queue moves it to the dead-letter queue. */
  readonly maxReceiveCount: number;
}

/**
 * The URL of the queue `queueName` in the local cloud, such as
 * `conveyor-local-shipping-requests.fifo`.
 *
 * @throws naming the queue when the local cloud has none of that name (the service's stack
 * is not provisioned, or the name is a topology key rather than the queue's name).
 *
 * @example
 * ```ts
 * const url = await queueUrlOf(clients, queueName('local', 'shippingRequests'));
 * ```
 */
export const queueUrlOf = async (
  clients: Pick<AwsClients, 'sqs'>,
  queueName: string,
): Promise<string> => {
  const { QueueUrl } = await clients.sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
  if (QueueUrl === undefined) throw new Error(`The local cloud has no queue ${queueName}`);
  return QueueUrl;
};

/**
 * The dead-letter queue and `maxReceiveCount` of the queue at `queueUrl`, read from the queue's
 * own `RedrivePolicy`: what the stack built, rather than what a test assumes it built. A
 * dead-letter test sends its message, then checks it reached this queue after that many
 * receives.
 *
 * @throws naming the queue when it has no redrive policy: a message that keeps failing would
 * never reach a dead-letter queue.
 *
 * @example
 * ```ts
 * const { dlqUrl, maxReceiveCount } = await deadLetterQueueOf(clients, queueUrl);
 * const dead = await waitForMessage(clients, dlqUrl, (m) => m.Body === poison, { description: 'the poison message in the DLQ' });
 * expect(Number(dead.Attributes?.['ApproximateReceiveCount'])).toBeGreaterThanOrEqual(maxReceiveCount);
 * ```
 */
export const deadLetterQueueOf = async (
  clients: Pick<AwsClients, 'sqs'>,
  queueUrl: string,
): Promise<DeadLetterQueue> => {
  const { Attributes } = await clients.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['RedrivePolicy'] }),
  );
  const policy = Attributes?.RedrivePolicy;
  if (policy === undefined || policy === '') {
    throw new Error(
      `${queueUrl} has no RedrivePolicy: a message that keeps failing never reaches a DLQ`,
    );
  }
  const { deadLetterTargetArn, maxReceiveCount } = JSON.parse(policy) as {
    deadLetterTargetArn?: unknown;
    maxReceiveCount?: unknown;
  };
  // arn:partition:sqs:region:account:name
  const dlqName = typeof deadLetterTargetArn === 'string' ? deadLetterTargetArn.split(':')[5] : '';
  const receives = Number(maxReceiveCount);
  if (dlqName === undefined || dlqName === '' || !Number.isInteger(receives) || receives < 1) {
    throw new Error(`${queueUrl} has a RedrivePolicy this cannot read: ${policy}`);
  }
  return {
    dlqUrl: await queueUrlOf(clients, dlqName),
    dlqArn: deadLetterTargetArn as string,
    maxReceiveCount: receives,
  };
};
