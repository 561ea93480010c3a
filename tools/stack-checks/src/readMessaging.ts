import { isRecord, toNumber } from './isRecord.ts';
import { type CloudFormationTemplate, resourcesOfType } from './parseTemplate.ts';
import { referenceOf, referencedLogicalId } from './referencedLogicalId.ts';

/** An `AWS::SQS::Queue` of the template. */
export interface QueueView {
  readonly logicalId: string;
  readonly properties: Readonly<Record<string, unknown>>;
  readonly fifo: boolean;
}

/** A queue's `RedrivePolicy`, which CloudFormation takes as an object or as a JSON string. */
export interface RedriveView {
  /** The DLQ's logical id when `deadLetterTargetArn` is `Fn::GetAtt <queue>.Arn` of this template. */
  readonly dlqId: string | undefined;
  readonly maxReceiveCount: number | undefined;
}

/** A queue's `RedriveAllowPolicy`: which queues may name it as their dead-letter target. */
export interface RedriveAllowView {
  /** `allowAll`, `denyAll` or `byQueue` as written; `undefined` when missing. */
  readonly redrivePermission: unknown;
  /** `sourceQueueArns` as the ARN text each spells out (or builds with `Fn::Sub`). */
  readonly sourceQueueArns: readonly (string | undefined)[];
}

/** An `AWS::Lambda::EventSourceMapping` of the template. */
export interface EventSourceView {
  readonly logicalId: string;
  readonly properties: Readonly<Record<string, unknown>>;
  /** The source queue's logical id, when it is a queue of this template. */
  readonly queueId: string | undefined;
  /** The consuming function's logical id, when it is a function of this template. */
  readonly functionId: string | undefined;
  /** Reads from SQS (a queue of this template, or an SQS ARN). */
  readonly sqs: boolean;
  /** Reads from a FIFO queue. */
  readonly fifo: boolean;
}

/** A subscription's `RedrivePolicy`: where SNS puts a message it cannot deliver. */
export interface SubscriptionRedriveView {
  /** `deadLetterTargetArn` as written; `undefined` when the policy has none (or is not JSON). */
  readonly targetArn: unknown;
  /** The DLQ's logical id when the target is `Fn::GetAtt <queue>.Arn` of this template. */
  readonly dlqId: string | undefined;
}

/** An `AWS::SNS::Subscription` of the template. */
export interface SubscriptionView {
  readonly logicalId: string;
  readonly properties: Readonly<Record<string, unknown>>;
  readonly topicArn: unknown;
  /** The subscribed queue's logical id, when the endpoint is `Fn::GetAtt <queue>.Arn`. */
  readonly queueId: string | undefined;
  /** Delivers to SQS (`Protocol: sqs`, or an endpoint that is a queue of this template). */
  readonly sqs: boolean;
  /** Its `RedrivePolicy`, or `undefined` when it has none. */
  readonly redrive: SubscriptionRedriveView | undefined;
}

/** The messaging resources of one template and how they point at each other. */
export interface MessagingView {
  readonly queues: ReadonlyMap<string, QueueView>;
  /** Queues that some queue's or subscription's RedrivePolicy names as its dead-letter target. */
  readonly dlqIds: ReadonlySet<string>;
  readonly eventSources: readonly EventSourceView[];
  readonly subscriptions: readonly SubscriptionView[];
}

// CloudFormation takes a RedrivePolicy or a RedriveAllowPolicy as an object or as its JSON text; {}
// when the text is not JSON.
const redrivePolicyOf = (
  properties: Readonly<Record<string, unknown>>,
  key: 'RedrivePolicy' | 'RedriveAllowPolicy' = 'RedrivePolicy',
): Readonly<Record<string, unknown>> | undefined => {
  const policy = properties[key];
  if (typeof policy !== 'string') return isRecord(policy) ? policy : undefined;
  try {
    const parsed = JSON.parse(policy) as unknown;
    return isRecord(parsed) ? parsed : {};
  } catch {
    return {};
  }
};

/** The parsed RedrivePolicy of a queue, or `undefined` when it has none. */
export const redriveOf = (
  properties: Readonly<Record<string, unknown>>,
): RedriveView | undefined => {
  const policy = redrivePolicyOf(properties);
  if (policy === undefined) return undefined;
  return {
    dlqId: referencedLogicalId(policy.deadLetterTargetArn, 'Arn'),
    maxReceiveCount: toNumber(policy.maxReceiveCount),
  };
};

/** The parsed RedrivePolicy of a subscription, or `undefined` when it has none. */
export const subscriptionRedriveOf = (
  properties: Readonly<Record<string, unknown>>,
): SubscriptionRedriveView | undefined => {
  const policy = redrivePolicyOf(properties);
  if (policy === undefined) return undefined;
  return {
    targetArn: policy.deadLetterTargetArn,
    dlqId: referencedLogicalId(policy.deadLetterTargetArn, 'Arn'),
  };
};

// An ARN the template spells out (or builds with Fn::Sub) instead of referencing a resource.
const arnText = (value: unknown): string | undefined => {
  if (typeof value === 'string') return value;
  if (isRecord(value)) {
    const sub = value['Fn::Sub'];
    if (typeof sub === 'string') return sub;
    if (Array.isArray(sub) && typeof sub[0] === 'string') return sub[0];
  }
  return undefined;
};

/** The parsed RedriveAllowPolicy of a queue, or `undefined` when it has none. */
export const redriveAllowOf = (
  properties: Readonly<Record<string, unknown>>,
): RedriveAllowView | undefined => {
  const policy = redrivePolicyOf(properties, 'RedriveAllowPolicy');
  if (policy === undefined) return undefined;
  const arns = policy.sourceQueueArns;
  return {
    redrivePermission: policy.redrivePermission,
    sourceQueueArns: Array.isArray(arns) ? arns.map(arnText) : [],
  };
};

/**
 * Reads queues, dead-letter targets, event source mappings and subscriptions of a template and
 * resolves their references, so each rule asks questions instead of walking intrinsics.
 */
export const readMessaging = (template: CloudFormationTemplate): MessagingView => {
  const queues = new Map<string, QueueView>(
    resourcesOfType(template, 'AWS::SQS::Queue').map(([logicalId, { Properties }]) => [
      logicalId,
      {
        logicalId,
        properties: Properties,
        fifo: Properties.FifoQueue === true || Properties.FifoQueue === 'true',
      },
    ]),
  );
  const subscriptions = resourcesOfType(template, 'AWS::SNS::Subscription').map(
    ([logicalId, { Properties }]): SubscriptionView => {
      const endpointId = referencedLogicalId(Properties.Endpoint, 'Arn');
      const queueId = endpointId !== undefined && queues.has(endpointId) ? endpointId : undefined;
      return {
        logicalId,
        properties: Properties,
        topicArn: Properties.TopicArn,
        queueId,
        sqs: queueId !== undefined || Properties.Protocol === 'sqs',
        redrive: subscriptionRedriveOf(Properties),
      };
    },
  );
  // A queue that only catches what SNS could not deliver is a DLQ too: kept 14 days, alarmed on.
  const dlqIds = new Set<string>();
  const deadLetterTargets = [
    ...[...queues.values()].map((queue) => redriveOf(queue.properties)?.dlqId),
    ...subscriptions.map((subscription) => subscription.redrive?.dlqId),
  ];
  for (const dlqId of deadLetterTargets) {
    if (dlqId !== undefined && queues.has(dlqId)) dlqIds.add(dlqId);
  }
  const functionIdOf = (value: unknown): string | undefined => {
    const reference = referenceOf(value);
    const target = reference && template.Resources[reference.logicalId];
    return target?.Type === 'AWS::Lambda::Function' ? reference?.logicalId : undefined;
  };
  const eventSources = resourcesOfType(template, 'AWS::Lambda::EventSourceMapping').map(
    ([logicalId, { Properties }]): EventSourceView => {
      const sourceId = referencedLogicalId(Properties.EventSourceArn, 'Arn');
      const queue = sourceId === undefined ? undefined : queues.get(sourceId);
      const text = arnText(Properties.EventSourceArn);
      return {
        logicalId,
        properties: Properties,
        queueId: queue?.logicalId,
        functionId: functionIdOf(Properties.FunctionName),
        sqs: queue !== undefined || (text?.includes(':sqs:') ?? false),
        fifo: queue?.fifo ?? text?.endsWith('.fifo') ?? false,
      };
    },
  );
  return { queues, dlqIds, eventSources, subscriptions };
};
