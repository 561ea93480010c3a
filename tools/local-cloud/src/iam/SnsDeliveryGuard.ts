import type { SnsDelivery } from 'fauxqs';
import { localAccountId } from '../localAccount.ts';
import type { Decision, PolicyEvaluator } from './PolicyEvaluator.ts';

/** What became of SNS deliveries a queue policy refused, counted per subscription. */
export interface RefusedDelivery {
  readonly topicArn: string;
  readonly subscriptionArn: string;
  readonly queueArn: string;
  readonly decision: Decision;
  /** The subscription's dead-letter queue the messages went to, if it has one that let them in. */
  readonly deadLetterQueueArn: string | undefined;
  /** How many were moved there, and how many were dropped. */
  readonly movedToDeadLetterQueue: number;
  readonly dropped: number;
}

const snsPrincipal = 'sns.amazonaws.com';

const parseJson = (text: string | undefined): unknown => {
  if (text === undefined || text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};

const deadLetterTargetOf = (redrivePolicy: string | undefined): string | undefined => {
  const parsed = parseJson(redrivePolicy);
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const target = (parsed as Record<string, unknown>)['deadLetterTargetArn'];
  return typeof target === 'string' ? target : undefined;
};

const queueNameOf = (arn: string): string => arn.slice(arn.lastIndexOf(':') + 1);

/**
 * Calls fauxqs's SQS API directly (AWS JSON protocol): the local cloud's own moves go around the
 * enforcement layer, and fauxqs checks no signature.
 */
const callSqs = async (endpoint: string, operation: string, input: unknown): Promise<unknown> => {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `AmazonSQS.${operation}`,
    },
    body: JSON.stringify(input),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${operation} answered ${String(response.status)}: ${text}`);
  return parseJson(text);
};

/**
 * Checks each SNS -> SQS delivery against the queue's policy, as SQS checks the `SendMessage`
 * SNS makes for the topic (principal `sns.amazonaws.com`, `aws:SourceArn` the topic). A queue
 * with no policy, or one that does not let the topic in, refuses it: a client-side error, which
 * SNS does not retry. The message then goes to the subscription's dead-letter queue
 * (`RedrivePolicy`) if it has one whose own policy lets the topic in, and is dropped otherwise.
 * Plug `filter` into fauxqs's `snsDeliveryFilter`.
 */
export class SnsDeliveryGuard {
  readonly #evaluator: PolicyEvaluator;
  readonly #log: (line: string) => void;
  readonly #refused = new Map<string, RefusedDelivery>();
  #endpoint: string | undefined;

  constructor(evaluator: PolicyEvaluator, log: (line: string) => void = () => undefined) {
    this.#evaluator = evaluator;
    this.#log = log;
  }

  /** Where fauxqs itself listens, for moving refused messages to dead-letter queues. */
  connect(endpoint: string): void {
    this.#endpoint = endpoint;
  }

  /** Every refused delivery so far. */
  refused(): RefusedDelivery[] {
    return [...this.#refused.values()];
  }

  /** fauxqs's `snsDeliveryFilter`: resolves true to deliver. Never rejects. */
  readonly filter = async (delivery: SnsDelivery): Promise<boolean> => {
    try {
      const decision = await this.#decide(
        delivery.queueArn,
        delivery.queueAttributes['Policy'],
        delivery.topicArn,
      );
      if (decision === 'Allowed') return true;
      await this.#refuse(delivery, decision);
    } catch (error) {
      this.#log(
        `iam: could not check the delivery from ${delivery.topicArn} to ${delivery.queueArn}; dropped it: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    return false;
  };

  async #decide(
    queueArn: string,
    policyText: string | undefined,
    topicArn: string,
  ): Promise<Decision> {
    const policy = parseJson(policyText);
    if (policy === undefined || policyText === undefined) return 'ImplicitlyDenied';
    const { decision } = await this.#evaluator.evaluateResourcePolicy(policy, policyText, {
      principal: snsPrincipal,
      action: 'sqs:SendMessage',
      resource: queueArn,
      resourceAccount: localAccountId,
      context: { 'aws:SourceArn': topicArn, 'aws:SourceAccount': localAccountId },
    });
    return decision;
  }

  async #refuse(delivery: SnsDelivery, decision: Decision): Promise<void> {
    const deadLetterQueueArn = deadLetterTargetOf(delivery.subscriptionAttributes['RedrivePolicy']);
    const moved =
      deadLetterQueueArn !== undefined &&
      (await this.#moveToDeadLetterQueue(delivery, deadLetterQueueArn));
    const known = this.#refused.get(delivery.subscriptionArn);
    this.#refused.set(delivery.subscriptionArn, {
      topicArn: delivery.topicArn,
      subscriptionArn: delivery.subscriptionArn,
      queueArn: delivery.queueArn,
      decision,
      deadLetterQueueArn,
      movedToDeadLetterQueue: (known?.movedToDeadLetterQueue ?? 0) + (moved ? 1 : 0),
      dropped: (known?.dropped ?? 0) + (moved ? 0 : 1),
    });
    if (known === undefined) {
      this.#log(
        `iam: the policy of ${delivery.queueArn} does not let ${delivery.topicArn} send to it (sns.amazonaws.com, aws:SourceArn); its deliveries ${moved ? `go to the subscription's dead-letter queue ${deadLetterQueueArn}` : 'are dropped (no subscription dead-letter queue that lets the topic in)'}`,
      );
    }
  }

  async #moveToDeadLetterQueue(
    delivery: SnsDelivery,
    deadLetterQueueArn: string,
  ): Promise<boolean> {
    const endpoint = this.#endpoint;
    if (endpoint === undefined) return false;
    const queueUrl = `${endpoint}/${localAccountId}/${queueNameOf(deadLetterQueueArn)}`;
    const answer = await callSqs(endpoint, 'GetQueueAttributes', {
      QueueUrl: queueUrl,
      AttributeNames: ['Policy'],
    });
    const attributes = (answer as { Attributes?: Record<string, string> } | undefined)?.Attributes;
    if (
      (await this.#decide(deadLetterQueueArn, attributes?.['Policy'], delivery.topicArn)) !==
      'Allowed'
    ) {
      return false;
    }
    await callSqs(endpoint, 'SendMessage', {
      QueueUrl: queueUrl,
      MessageBody: delivery.body,
      ...(Object.keys(delivery.messageAttributes).length === 0
        ? {}
        : { MessageAttributes: delivery.messageAttributes }),
      ...(delivery.messageGroupId === undefined ? {} : { MessageGroupId: delivery.messageGroupId }),
      ...(delivery.messageDeduplicationId === undefined
        ? {}
        : { MessageDeduplicationId: delivery.messageDeduplicationId }),
    });
    return true;
  }
}
