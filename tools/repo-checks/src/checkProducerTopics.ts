import { paginateListTopics, type SNSClient } from '@aws-sdk/client-sns';
import { stageName, topology } from '@conveyor/event-types';

/** A topic a service's stack subscribes to, and the service whose stack creates it. */
export interface RequiredTopic {
  /** Physical name, such as `conveyor-prod-order-events.fifo`. */
  readonly name: string;
  /** The service that owns (creates) it. */
  readonly producer: string;
}

/** The outcome of {@link checkProducerTopics}. */
export interface TopicCheck {
  readonly service: string;
  readonly stage: string;
  readonly required: readonly RequiredTopic[];
  readonly missing: readonly RequiredTopic[];
}

/** Every service that owns a queue or a topic in the topology. */
export const topologyServices = (): string[] => [
  ...new Set([
    ...Object.values(topology.topics).map((topic) => topic.producer),
    ...Object.values(topology.queues).map((queue) => queue.consumer),
  ]),
];

/**
 * The other services' topics that a service's stack subscribes its queues to. Its own topic is
 * not among them: its own stack creates that.
 *
 * @example
 * ```ts
 * requiredProducerTopics('inventory', 'prod'); // [{ name: 'conveyor-prod-order-events.fifo', producer: 'checkout' }]
 * ```
 * @throws Error for a service the topology does not know.
 */
export const requiredProducerTopics = (service: string, stage: string): RequiredTopic[] => {
  if (!topologyServices().includes(service)) {
    throw new Error(`Unknown service "${service}"; known: ${topologyServices().join(', ')}`);
  }
  const keys = new Set(
    Object.values(topology.queues)
      .filter((queue) => queue.consumer === service)
      .flatMap((queue) => Object.keys(queue.subscriptions)),
  );
  return [...keys].flatMap((key) => {
    const topic = topology.topics[key];
    return topic === undefined || topic.producer === service
      ? []
      : [{ name: stageName(stage, topic.name), producer: topic.producer }];
  });
};

/** The names of every SNS topic of the account and region the client points at. */
export const listTopicNames = async (sns: SNSClient): Promise<Set<string>> => {
  const names = new Set<string>();
  for await (const page of paginateListTopics({ client: sns }, {})) {
    for (const topic of page.Topics ?? []) {
      const name = topic.TopicArn?.split(':').at(-1);
      if (name !== undefined) names.add(name);
    }
  }
  return names;
};

/**
 * Checks, before `sls deploy`, that the topics a service subscribes to exist in the target
 * account, region and stage. Without them CloudFormation fails the service's
 * AWS::SNS::Subscription resources with a NotFound error and rolls the stack back, which says
 * nothing about deploy order; this says which producer to deploy first.
 */
export const checkProducerTopics = async (
  sns: SNSClient,
  service: string,
  stage: string,
): Promise<TopicCheck> => {
  const required = requiredProducerTopics(service, stage);
  const existing = await listTopicNames(sns);
  return {
    service,
    stage,
    required,
    missing: required.filter((topic) => !existing.has(topic.name)),
  };
};

/** Renders a check: one line per topic, and what to do when some are missing. */
export const formatTopicCheck = (check: TopicCheck, where: string): string => {
  const missing = new Set(check.missing.map((topic) => topic.name));
  const lines = [
    `Pre-deploy check: topics ${check.service} subscribes to in stage "${check.stage}" (${where})`,
    ...check.required.map(
      (topic) =>
        `  ${missing.has(topic.name) ? 'MISSING' : 'ok     '} ${topic.name} (owned by ${topic.producer})`,
    ),
  ];
  if (check.missing.length === 0) {
    lines.push(
      `All ${check.required.length} producer topic(s) exist: ${check.service} can deploy.`,
    );
    return lines.join('\n');
  }
  const producers = [...new Set(check.missing.map((topic) => topic.producer))];
  lines.push(
    `${check.service} cannot deploy yet: CloudFormation would fail its AWS::SNS::Subscription(s) with NotFound. Deploy ${producers.join(' and ')} to "${check.stage}" first (their stacks create these topics).`,
    `On a brand-new stage, checkout and inventory subscribe to each other's topics: see docs/deploying.md, "First deploy of a new stage".`,
  );
  return lines.join('\n');
};
