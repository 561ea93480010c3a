import { GetQueueAttributesCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { type DlqConnection, errorContext } from './connectToStage.ts';
import { toDlqError } from './errors.ts';

/** What the tool needs to know about a queue. */
export interface QueueState {
  readonly name: string;
  readonly url: string;
  readonly arn: string;
  /** Messages ready to be received. */
  readonly visible: number;
  /** Messages received and not yet deleted or made visible again. */
  readonly inFlight: number;
  /** `visible + inFlight`: what is in the queue. */
  readonly depth: number;
  /** The DLQ this queue sends to, from its RedrivePolicy; none for a DLQ. */
  readonly deadLetterTargetArn?: string;
}

const numberOf = (value: string | undefined): number => Number(value ?? 0);

const targetOf = (redrivePolicy: string | undefined): string | undefined => {
  if (redrivePolicy === undefined || redrivePolicy === '') return undefined;
  const policy = JSON.parse(redrivePolicy) as { deadLetterTargetArn?: unknown };
  return typeof policy.deadLetterTargetArn === 'string' ? policy.deadLetterTargetArn : undefined;
};

/**
 * Looks a queue up by name and reads its ARN, depth and redrive target. Both numbers are
 * approximate in AWS (eventually consistent, about a minute behind).
 *
 * @throws QueueNotFoundError when the queue does not exist in the connection's stage.
 */
export const readQueue = async (connection: DlqConnection, name: string): Promise<QueueState> => {
  try {
    const { QueueUrl: url } = await connection.sqs.send(
      new GetQueueUrlCommand({ QueueName: name }),
    );
    if (url === undefined) throw new Error(`GetQueueUrl returned no URL for ${name}`);
    const { Attributes: attributes = {} } = await connection.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: [
          'QueueArn',
          'ApproximateNumberOfMessages',
          'ApproximateNumberOfMessagesNotVisible',
          'RedrivePolicy',
        ],
      }),
    );
    const visible = numberOf(attributes.ApproximateNumberOfMessages);
    const inFlight = numberOf(attributes.ApproximateNumberOfMessagesNotVisible);
    const deadLetterTargetArn = targetOf(attributes.RedrivePolicy);
    return {
      name,
      url,
      arn: attributes.QueueArn ?? '',
      visible,
      inFlight,
      depth: visible + inFlight,
      ...(deadLetterTargetArn === undefined ? {} : { deadLetterTargetArn }),
    };
  } catch (error) {
    throw toDlqError(error, errorContext(connection, name));
  }
};
