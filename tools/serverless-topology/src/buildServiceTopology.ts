import {
  archiveRetentionDaysFor,
  DLQ_RETENTION_SECONDS,
  QUEUE_RETENTION_SECONDS,
  type QueueSpec,
  queueSettingsFor,
  type TopicSpec,
  type Topology,
} from '@conveyor/event-types';
import { buildServiceDashboard, type DashboardQueue } from './buildServiceDashboard.ts';
import { TopologyPluginError } from './errors.ts';
import type { QueueAlarmsConfig, TopologyConfig } from './readTopologyConfig.ts';
import type { CloudFormationOutput, CloudFormationResource } from './serverlessTypes.ts';

/** AWS's advice for a Lambda source queue: visibility timeout at least 6 × the function timeout. */
export const VISIBILITY_FACTOR = 6;

/** Receives before SQS moves a message to the queue's DLQ. */
export const MAX_RECEIVE_COUNT = 3;

/** Default age of the oldest message that raises a source queue's alarm. */
export const DEFAULT_OLDEST_MESSAGE_SECONDS = 300;

/** The five SQS actions a consuming function needs on its queue (Lambda's poller and the toolkit). */
export const CONSUMER_QUEUE_ACTIONS = [
  'sqs:ReceiveMessage',
  'sqs:DeleteMessage',
  'sqs:GetQueueAttributes',
  'sqs:GetQueueUrl',
  'sqs:ChangeMessageVisibility',
] as const;

/** The logical id of the service's CloudWatch dashboard, `conveyor-<stage>-<service>`. */
export const DASHBOARD_LOGICAL_ID = 'Dashboard';

/** The `Condition` on subscriptions to other services' topics, for a brand-new stage. */
export const SUBSCRIBE_CONDITION = 'Subscribe';

// osls's default when neither the function nor the provider sets a timeout.
const FRAMEWORK_DEFAULT_TIMEOUT_SECONDS = 6;
const MAX_SQS_NAME = 80;
const STAGE_PATTERN = /^[a-z][a-z0-9-]{0,19}$/;

/** A function's `sqs` event, in osls's syntax. */
export interface SqsEvent {
  readonly arn: unknown;
  readonly batchSize: number;
  readonly maximumBatchingWindow?: number;
  readonly functionResponseType: 'ReportBatchItemFailures';
  readonly maximumConcurrency: number;
}

/** An IAM policy statement, as serverless-iam-roles-per-function takes it. */
export interface IamStatement {
  readonly Effect: 'Allow';
  readonly Action: readonly string[];
  readonly Resource: unknown;
}

/** What a queue of the service adds to its consuming function. */
export interface ConsumerWiring {
  readonly queueKey: string;
  readonly functionKey: string;
  readonly sqsEvent: SqsEvent;
  readonly iamStatement: IamStatement;
}

/** A service's part of the topology, as CloudFormation and function settings. */
export interface ServiceTopology {
  /** For `provider.environment`: each produced topic's ARN, as `<TOPIC_KEY>_TOPIC_ARN`. */
  readonly environment: Readonly<Record<string, unknown>>;
  readonly resources: Readonly<Record<string, CloudFormationResource>>;
  readonly conditions: Readonly<Record<string, unknown>>;
  readonly outputs: Readonly<Record<string, CloudFormationOutput>>;
  readonly consumers: readonly ConsumerWiring[];
}

/** What {@link buildServiceTopology} needs to know about the service. */
export interface ServiceTopologyInput {
  readonly topology: Topology;
  readonly config: TopologyConfig;
  readonly stage: string;
  /**
   * The timeout in seconds of one of the service's functions as osls resolves it (the function's
   * own, else the provider's); `undefined` when the service has no such function.
   */
  readonly functionTimeout: (functionKey: string) => number | undefined;
}

const getAtt = (logicalId: string, attribute: string): unknown => ({
  'Fn::GetAtt': [logicalId, attribute],
});

// Built from pseudo parameters, so `sls package` needs no credentials and a consumer needs no
// import from the producer's stack.
const snsArn = (name: string): unknown => ({
  'Fn::Sub': `arn:\${AWS::Partition}:sns:\${AWS::Region}:\${AWS::AccountId}:${name}`,
});

const sqsArn = (name: string): unknown => ({
  'Fn::Sub': `arn:\${AWS::Partition}:sqs:\${AWS::Region}:\${AWS::AccountId}:${name}`,
});

// One ARN as a string, several as a list: the shape each queue policy had when written by hand.
const oneOrMany = (values: readonly unknown[]): unknown =>
  values.length === 1 ? values[0] : [...values];

const withoutFifo = (name: string): string => name.replace(/\.fifo$/, '');

/**
 * The environment variable that holds a produced topic's ARN: `orderEvents` →
 * `ORDER_EVENTS_TOPIC_ARN`.
 *
 * @example
 * ```ts
 * topicArnVariable('inventoryEvents'); // 'INVENTORY_EVENTS_TOPIC_ARN'
 * ```
 */
export const topicArnVariable = (topicKey: string): string =>
  `${topicKey.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase()}_TOPIC_ARN`;

/**
 * The resolved timeout osls gives a function: its own `timeout`, else `provider.timeout`, else 6.
 *
 * @example
 * ```ts
 * resolvedTimeout(undefined, 10); // 10
 * ```
 */
export const resolvedTimeout = (functionTimeout: unknown, providerTimeout: unknown): number => {
  const value = functionTimeout ?? providerTimeout ?? FRAMEWORK_DEFAULT_TIMEOUT_SECONDS;
  const seconds = typeof value === 'string' ? Number(value) : value;
  if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 1) {
    throw new TopologyPluginError(
      `timeout ${JSON.stringify(value)} is not a whole number of seconds`,
    );
  }
  return seconds;
};

interface AlarmSpec {
  readonly name: string;
  readonly description: string;
  readonly namespace: 'AWS/SQS' | 'AWS/SNS';
  readonly metricName: string;
  readonly dimension: { readonly Name: string; readonly Value: unknown };
  readonly statistic: 'Maximum' | 'Sum';
  readonly evaluationPeriods: number;
  readonly threshold: number;
}

/** What sends messages to a DLQ the plugin builds. */
export const DlqSources = {
  /** SQS, after the queue's `maxReceiveCount` receives (the queue's `RedrivePolicy`). */
  Queue: 'queue',
  /** SNS, for deliveries to the queue it gave up on (the subscriptions' `RedrivePolicy`). */
  Subscriptions: 'subscriptions',
} as const;

/** One of {@link DlqSources}. */
export type DlqSource = (typeof DlqSources)[keyof typeof DlqSources];

/** A dead-letter queue the plugin builds for a consumer queue. */
export interface BuiltDlq {
  /** Its CloudFormation id, such as `AudienceDeliveryDlq`. */
  readonly logicalId: string;
  /** Its name without the stage prefix, such as `marketing-audience-delivery-dlq.fifo`. */
  readonly name: string;
  readonly fifo: boolean;
  readonly source: DlqSource;
}

// SNS takes as a subscription's DLQ only a queue of the topic's kind: the queue's own DLQ when
// the kinds match, else (a standard queue on a FIFO topic) a FIFO DLQ of the queue's own.
const deadLettersIntoQueueDlq = (
  topic: Pick<TopicSpec, 'fifo'>,
  queue: Pick<QueueSpec, 'fifo'>,
): boolean => topic.fifo === queue.fifo;

// The FIFO DLQ of a standard queue's subscriptions to FIFO topics.
const deliveryDlqOf = (
  queue: Pick<QueueSpec, 'logicalId' | 'name'>,
): { logicalId: string; name: string } => ({
  logicalId: `${queue.logicalId}DeliveryDlq`,
  name: `${withoutFifo(queue.name)}-delivery-dlq.fifo`,
});

/**
 * Every DLQ the plugin builds for one queue of the topology: the queue's own (`dlqName`), and,
 * when the queue subscribes to a topic of the other kind (a standard queue on a FIFO topic), the
 * delivery DLQ its subscriptions dead-letter into. Operator tools list DLQs from this, so that
 * they see exactly what is deployed.
 *
 * @example
 * ```ts
 * deadLetterQueuesOf(topology, 'marketingAudience').map((dlq) => dlq.name);
 * // ['marketing-audience-dlq', 'marketing-audience-delivery-dlq.fifo']
 * ```
 * @throws TopologyPluginError for an unknown queue key.
 */
export const deadLetterQueuesOf = (topology: Topology, queueKey: string): BuiltDlq[] => {
  const queue = Object.hasOwn(topology.queues, queueKey) ? topology.queues[queueKey] : undefined;
  if (queue === undefined) {
    throw new TopologyPluginError(`topology.json has no queue "${queueKey}"`);
  }
  const own: BuiltDlq = {
    logicalId: `${queue.logicalId}Dlq`,
    name: queue.dlqName,
    fifo: queue.fifo,
    source: DlqSources.Queue,
  };
  const needsDeliveryDlq = Object.keys(queue.subscriptions).some((topicKey) => {
    const topic = topology.topics[topicKey];
    return topic !== undefined && !deadLettersIntoQueueDlq(topic, queue);
  });
  return needsDeliveryDlq
    ? [own, { ...deliveryDlqOf(queue), fifo: true, source: DlqSources.Subscriptions }]
    : [own];
};

/**
 * Builds what a service's part of the topology implies, for one stage: as producer, its topics
 * (encrypted, with an `ArchivePolicy` of the stage's retention when the topic has an archive) with
 * their ARN outputs, delivery-failure alarms and `<TOPIC_KEY>_TOPIC_ARN`
 * environment variables; as consumer, per queue the
 * queue and its DLQ, the queue policy for exactly the subscribed topics, one subscription per
 * topic (raw delivery, filter policy, redrive policy to a DLQ of the topic's kind, which SNS may
 * send to), the function's `sqs` event and IAM statement, and alarms on the DLQs and on the age
 * of the oldest message; and the service's dashboard of those queues and functions
 * ({@link buildServiceDashboard}). Every alarm notifies the stage's operations topic. Logical ids are the
 * ones the topology names (`<logicalId>Queue`, `<logicalId>Dlq`, ...), so that a queue is never
 * replaced. Tags are added later, to the whole compiled template ({@link tagResources}).
 *
 * @example
 * ```ts
 * const built = buildServiceTopology({
 *   topology,
 *   config: { service: 'email' },
 *   stage: 'dev',
 *   functionTimeout: () => 20,
 * });
 * built.resources.NotificationsQueue; // { Type: 'AWS::SQS::Queue', Properties: { ... } }
 * ```
 * @throws TopologyPluginError when the service has no part in the topology, a queue's function is
 *   missing, a setting is invalid in the stage, or two parts would build the same logical id.
 */
export const buildServiceTopology = ({
  topology,
  config,
  stage,
  functionTimeout,
}: ServiceTopologyInput): ServiceTopology => {
  const { service } = config;
  if (!STAGE_PATTERN.test(stage)) {
    throw new TopologyPluginError(
      `Invalid stage "${stage}": use 1-20 lower-case letters, digits or dashes, starting with a letter (see docs/deploying.md)`,
    );
  }
  const name = (suffix: string): string => `${topology.namePrefix}-${stage}-${suffix}`;
  const topics = Object.entries(topology.topics);
  const produced = topics.filter(([, topic]) => topic.producer === service);
  const consumed = Object.entries(topology.queues).filter(
    ([, queue]) => queue.consumer === service,
  );
  if (produced.length === 0 && consumed.length === 0) {
    throw new TopologyPluginError(
      `custom.topology.service "${service}" produces no topic and consumes no queue in topology.json; check the name`,
    );
  }
  for (const queueKey of Object.keys(config.queues ?? {})) {
    if (!consumed.some(([key]) => key === queueKey)) {
      throw new TopologyPluginError(
        `custom.topology.queues.${queueKey}: ${service} consumes no queue "${queueKey}" in topology.json (it consumes ${consumed.map(([key]) => key).join(', ') || 'none'})`,
      );
    }
  }

  const environment: Record<string, unknown> = {};
  const resources: Record<string, CloudFormationResource> = {};
  const outputs: Record<string, CloudFormationOutput> = {};
  const consumers: ConsumerWiring[] = [];
  const dashboardQueues: DashboardQueue[] = [];
  let conditional = false;
  const add = (logicalId: string, resource: CloudFormationResource): void => {
    if (Object.hasOwn(resources, logicalId)) {
      throw new TopologyPluginError(
        `Two parts of ${service}'s topology build the logical id ${logicalId}; give one of them another logicalId in topology.json`,
      );
    }
    resources[logicalId] = resource;
  };
  const operationsTopicArn = snsArn(name(topology.operations.topicName));
  const addAlarm = (logicalId: string, spec: AlarmSpec): void => {
    add(logicalId, {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        AlarmName: spec.name,
        AlarmDescription: spec.description,
        Namespace: spec.namespace,
        MetricName: spec.metricName,
        Dimensions: [spec.dimension],
        Statistic: spec.statistic,
        Period: 60,
        EvaluationPeriods: spec.evaluationPeriods,
        Threshold: spec.threshold,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
        // The stage's operations topic, created at bootstrap: whoever watches the stage
        // subscribes there (docs/deploying.md). OK too, so that a recovery is seen.
        AlarmActions: [operationsTopicArn],
        OKActions: [operationsTopicArn],
      },
    });
  };
  const addDlqDepthAlarm = (dlqId: string, dlqName: string, description: string): void => {
    addAlarm(`${dlqId}DepthAlarm`, {
      name: `${name(withoutFifo(dlqName))}-depth`,
      description,
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimension: { Name: 'QueueName', Value: getAtt(dlqId, 'QueueName') },
      statistic: 'Maximum',
      evaluationPeriods: 1,
      threshold: 0,
    });
  };

  for (const [topicKey, topic] of produced) {
    addProducedTopic(
      topic,
      archiveRetentionDaysFor(topicKey, stage, topology),
      name,
      add,
      outputs,
      addAlarm,
    );
    // The name under which the service's publishing code reads its topic's ARN.
    environment[topicArnVariable(topicKey)] = { Ref: `${topic.logicalId}Topic` };
  }

  // A topic subscribed by several queues of this service needs one subscription id per queue.
  const subscribedTopicCount = new Map<string, number>();
  for (const [, queue] of consumed) {
    for (const topicKey of Object.keys(queue.subscriptions)) {
      subscribedTopicCount.set(topicKey, (subscribedTopicCount.get(topicKey) ?? 0) + 1);
    }
  }

  for (const [queueKey, queue] of consumed) {
    const timeout = functionTimeout(queue.function);
    if (timeout === undefined) {
      throw new TopologyPluginError(
        `topology.json: queue "${queueKey}" is consumed by function ${queue.function}, which ${service}'s serverless.yml does not declare`,
      );
    }
    const settings = queueSettingsFor(queueKey, stage, topology);
    const alarms: QueueAlarmsConfig = config.queues?.[queueKey] ?? {};
    const queueId = `${queue.logicalId}Queue`;
    const dlqId = `${queue.logicalId}Dlq`;
    const queueName = name(queue.name);
    const queueArn = getAtt(queueId, 'Arn');

    add(queueId, {
      Type: 'AWS::SQS::Queue',
      Properties: {
        QueueName: queueName,
        ...(queue.fifo ? { FifoQueue: true, ContentBasedDeduplication: false } : {}),
        // A message is not handed out again while a slow (or retried) invocation holds it.
        VisibilityTimeout: VISIBILITY_FACTOR * timeout,
        MessageRetentionPeriod: QUEUE_RETENTION_SECONDS,
        SqsManagedSseEnabled: true,
        RedrivePolicy: {
          deadLetterTargetArn: getAtt(dlqId, 'Arn'),
          maxReceiveCount: MAX_RECEIVE_COUNT,
        },
      },
    });
    add(dlqId, dlq(name(queue.dlqName), queue.fifo, sqsArn(queueName)));

    const { logicalId: deliveryDlqId, name: deliveryDlqName } = deliveryDlqOf(queue);
    const deadLetterTopics = new Map<string, unknown[]>();
    const sourceArns: unknown[] = [];
    const sourceTopicIds: string[] = [];
    for (const [topicKey, subscription] of Object.entries(queue.subscriptions)) {
      // parseTopology has checked the key; a FIFO queue never subscribes to a standard topic.
      const topic = topology.topics[topicKey];
      if (topic === undefined) {
        throw new TopologyPluginError(
          `topology.json: queue "${queueKey}" subscribes to topic "${topicKey}", which does not exist`,
        );
      }
      const topicArn = snsArn(name(topic.name));
      sourceArns.push(topicArn);
      sourceTopicIds.push(topic.logicalId);
      const subscriptionDlqId = deadLettersIntoQueueDlq(topic, queue) ? dlqId : deliveryDlqId;
      if (subscriptionDlqId === deliveryDlqId && !Object.hasOwn(resources, deliveryDlqId)) {
        assertSqsName(name(deliveryDlqName), queueKey);
        add(deliveryDlqId, dlq(name(deliveryDlqName), topic.fifo, undefined));
      }
      deadLetterTopics.set(subscriptionDlqId, [
        ...(deadLetterTopics.get(subscriptionDlqId) ?? []),
        topicArn,
      ]);
      const crossService = config.subscribe !== undefined && topic.producer !== service;
      conditional ||= crossService;
      const subscriptionId =
        (subscribedTopicCount.get(topicKey) ?? 0) > 1
          ? `${queue.logicalId}${topic.logicalId}Subscription`
          : `${topic.logicalId}Subscription`;
      add(subscriptionId, {
        Type: 'AWS::SNS::Subscription',
        ...(crossService ? { Condition: SUBSCRIBE_CONDITION } : {}),
        Properties: {
          TopicArn: topicArn,
          Protocol: 'sqs',
          Endpoint: queueArn,
          RawMessageDelivery: true,
          // A body filter reads the event itself (consent is no message attribute), so the
          // event type is matched in the body too.
          FilterPolicyScope:
            subscription.bodyFilter === undefined ? 'MessageAttributes' : 'MessageBody',
          FilterPolicy: { eventType: [...subscription.events], ...subscription.bodyFilter },
          // A message SNS cannot deliver (queue policy, deleted queue, encryption) is kept.
          RedrivePolicy: { deadLetterTargetArn: getAtt(subscriptionDlqId, 'Arn') },
        },
      });
    }

    add(`${queue.logicalId}QueuePolicy`, {
      Type: 'AWS::SQS::QueuePolicy',
      Properties: sendPolicy(
        queueId,
        sourceTopicIds.length === 1
          ? `Allow${sourceTopicIds.join('')}Topic`
          : 'AllowProducerTopics',
        sourceArns,
      ),
    });
    // SNS sends undeliverable messages to the subscription's DLQ as itself, so that DLQ needs a
    // policy for the same topics, or the redrive fails too.
    for (const [targetId, arns] of deadLetterTopics) {
      add(`${targetId}Policy`, {
        Type: 'AWS::SQS::QueuePolicy',
        Properties: sendPolicy(targetId, 'AllowSubscriptionDeadLetters', arns),
      });
    }

    addDlqDepthAlarm(
      dlqId,
      queue.dlqName,
      alarms.dlqDepthAlarm ??
        `Events that failed ${MAX_RECEIVE_COUNT} times are waiting in the DLQ; inspect and redrive them.`,
    );
    if (Object.hasOwn(resources, deliveryDlqId)) {
      addDlqDepthAlarm(
        deliveryDlqId,
        deliveryDlqName,
        `Messages SNS could not deliver to ${queueName} are waiting in ${name(deliveryDlqName)}; fix the cause (queue policy, queue, encryption), then redrive them.`,
      );
    }
    const oldestMessageSeconds = alarms.oldestMessageSeconds ?? DEFAULT_OLDEST_MESSAGE_SECONDS;
    addAlarm(`${queue.logicalId}QueueAgeAlarm`, {
      name: `${name(withoutFifo(queue.name))}-oldest-message`,
      description:
        alarms.oldestMessageAlarm ??
        `Events wait in ${queueName} more than ${oldestMessageSeconds / 60} minutes; its consumer ${queue.function} is stuck or failing.`,
      namespace: 'AWS/SQS',
      metricName: 'ApproximateAgeOfOldestMessage',
      dimension: { Name: 'QueueName', Value: getAtt(queueId, 'QueueName') },
      statistic: 'Maximum',
      evaluationPeriods: 5,
      threshold: oldestMessageSeconds,
    });

    dashboardQueues.push({
      queueId,
      dlqIds: Object.hasOwn(resources, deliveryDlqId) ? [dlqId, deliveryDlqId] : [dlqId],
      functionKey: queue.function,
    });
    consumers.push({
      queueKey,
      functionKey: queue.function,
      sqsEvent: {
        arn: queueArn,
        batchSize: settings.batchSize,
        ...(settings.batchingWindow === undefined
          ? {}
          : { maximumBatchingWindow: settings.batchingWindow }),
        functionResponseType: 'ReportBatchItemFailures',
        maximumConcurrency: settings.maximumConcurrency,
      },
      iamStatement: { Effect: 'Allow', Action: [...CONSUMER_QUEUE_ACTIONS], Resource: queueArn },
    });
  }

  if (dashboardQueues.length > 0) {
    add(
      DASHBOARD_LOGICAL_ID,
      buildServiceDashboard({ dashboardName: name(service), queues: dashboardQueues }),
    );
  }

  const conditions: Record<string, unknown> =
    conditional && config.subscribe !== undefined
      ? { [SUBSCRIBE_CONDITION]: { 'Fn::Equals': [config.subscribe, 'true'] } }
      : {};
  return { environment, resources, conditions, outputs, consumers };
};

// Only the queue it serves may name a DLQ as its dead-letter target, and none may name a DLQ
// that only SNS delivers to: another queue's failures would mix into it, alarm here, and be
// redriven to the wrong consumer. The queue's ARN is built from its name, as a GetAtt would make
// the two queues refer to each other (a circular dependency CloudFormation refuses).
const dlq = (
  queueName: string,
  fifo: boolean,
  sourceQueueArn: unknown,
): CloudFormationResource => ({
  Type: 'AWS::SQS::Queue',
  Properties: {
    QueueName: queueName,
    ...(fifo ? { FifoQueue: true } : {}),
    MessageRetentionPeriod: DLQ_RETENTION_SECONDS,
    SqsManagedSseEnabled: true,
    RedriveAllowPolicy:
      sourceQueueArn === undefined
        ? { redrivePermission: 'denyAll' }
        : { redrivePermission: 'byQueue', sourceQueueArns: [sourceQueueArn] },
  },
});

// Only SNS, only SendMessage, only from the given topics (aws:SourceArn), only to this queue.
const sendPolicy = (
  queueId: string,
  sid: string,
  topicArns: readonly unknown[],
): Record<string, unknown> => ({
  Queues: [{ Ref: queueId }],
  PolicyDocument: {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: sid,
        Effect: 'Allow',
        Principal: { Service: 'sns.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: getAtt(queueId, 'Arn'),
        Condition: { ArnEquals: { 'aws:SourceArn': oneOrMany(topicArns) } },
      },
    ],
  },
});

const assertSqsName = (queueName: string, queueKey: string): void => {
  if (queueName.length > MAX_SQS_NAME) {
    throw new TopologyPluginError(
      `Queue "${queueKey}": its delivery DLQ name ${queueName} is longer than SQS's ${MAX_SQS_NAME} characters; shorten the queue's name`,
    );
  }
};

const addProducedTopic = (
  topic: TopicSpec,
  archiveRetentionDays: number | undefined,
  name: (suffix: string) => string,
  add: (logicalId: string, resource: CloudFormationResource) => void,
  outputs: Record<string, CloudFormationOutput>,
  addAlarm: (logicalId: string, spec: AlarmSpec) => void,
): void => {
  const topicId = `${topic.logicalId}Topic`;
  const topicName = name(topic.name);
  add(topicId, {
    Type: 'AWS::SNS::Topic',
    Properties: {
      TopicName: topicName,
      ...(topic.fifo ? { FifoTopic: true, ContentBasedDeduplication: false } : {}),
      KmsMasterKeyId: 'alias/aws/sns',
      // SNS adds its hop to the publisher's X-Ray trace (it needs the account's X-Ray resource
      // policy for SNS: docs/bootstrap/xray-sns-tracing.yml).
      TracingConfig: 'Active',
      // SNS keeps every message published for that many days, so any subscription can replay
      // a window of them (a new consumer, a read model rebuilt after a fix).
      ...(archiveRetentionDays === undefined
        ? {}
        : { ArchivePolicy: { MessageRetentionPeriod: archiveRetentionDays } }),
    },
  });
  outputs[`${topicId}Arn`] = { Value: { Ref: topicId } };
  addAlarm(`${topic.logicalId}DeliveryFailuresAlarm`, {
    name: `${name(withoutFifo(topic.name))}-delivery-failures`,
    description: `SNS failed to deliver messages from ${topicName} to a subscribed queue after its retries; they wait in that subscription's DLQ, whose owner's alarm names it.`,
    namespace: 'AWS/SNS',
    metricName: 'NumberOfNotificationsFailed',
    dimension: { Name: 'TopicName', Value: getAtt(topicId, 'TopicName') },
    statistic: 'Sum',
    evaluationPeriods: 1,
    threshold: 0,
  });
};
