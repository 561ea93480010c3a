import type {
  QueueDepth,
  QueueIdentity,
  ReplayGateway,
  TopicSubscription,
} from './ReplayGateway.ts';

/** What an {@link inMemoryReplayGateway} holds; tests set it up and read it back. */
export interface InMemorySnsSqs {
  readonly queues: Map<string, QueueIdentity>;
  readonly depths: Map<string, QueueDepth>;
  readonly topics: Map<string, Record<string, string>>;
  readonly subscriptions: Map<string, TopicSubscription[]>;
  /** The ReplayPolicy values set, per subscription, in order. */
  readonly policies: Map<string, string[]>;
  /**
   * The ReplayStatus answers after each ReplayPolicy set, per subscription: one per poll, the
   * last one repeated. Default: Pending, In progress, Completed.
   */
  readonly statusScripts: Map<string, readonly string[]>;
  /** Every call, in order: `setReplayPolicy <arn>`, `replayStatus <arn>`, ... */
  readonly calls: string[];
}

const defaultScript = ['Pending', 'In progress', 'Completed'];

/** A {@link ReplayGateway} over maps, for unit tests: SNS and SQS as far as a replay uses them. */
export const inMemoryReplayGateway = (): { gateway: ReplayGateway; state: InMemorySnsSqs } => {
  const state: InMemorySnsSqs = {
    queues: new Map(),
    depths: new Map(),
    topics: new Map(),
    subscriptions: new Map(),
    policies: new Map(),
    statusScripts: new Map(),
    calls: [],
  };
  const polls = new Map<string, number>();
  const gateway: ReplayGateway = {
    queue: (queueName) => {
      state.calls.push(`queue ${queueName}`);
      return Promise.resolve(state.queues.get(queueName));
    },
    queueDepth: (queueUrl) => {
      state.calls.push(`queueDepth ${queueUrl}`);
      return Promise.resolve(state.depths.get(queueUrl) ?? { visible: 0, inFlight: 0 });
    },
    topicAttributes: (topicArn) => {
      state.calls.push(`topicAttributes ${topicArn}`);
      return Promise.resolve(state.topics.get(topicArn));
    },
    subscriptions: (topicArn) => {
      state.calls.push(`subscriptions ${topicArn}`);
      return Promise.resolve(state.subscriptions.get(topicArn) ?? []);
    },
    setReplayPolicy: (subscriptionArn, policy) => {
      state.calls.push(`setReplayPolicy ${subscriptionArn}`);
      state.policies.set(subscriptionArn, [...(state.policies.get(subscriptionArn) ?? []), policy]);
      polls.set(subscriptionArn, 0);
      return Promise.resolve();
    },
    replayStatus: (subscriptionArn) => {
      state.calls.push(`replayStatus ${subscriptionArn}`);
      const poll = polls.get(subscriptionArn);
      if (poll === undefined) return Promise.resolve(undefined);
      polls.set(subscriptionArn, poll + 1);
      const script = state.statusScripts.get(subscriptionArn) ?? defaultScript;
      return Promise.resolve(script[Math.min(poll, script.length - 1)]);
    },
    // The state the last poll left, without polling.
    replayState: (subscriptionArn) => {
      state.calls.push(`replayState ${subscriptionArn}`);
      const poll = polls.get(subscriptionArn);
      const script = state.statusScripts.get(subscriptionArn) ?? defaultScript;
      return Promise.resolve({
        policy: state.policies.get(subscriptionArn)?.at(-1),
        status:
          poll === undefined
            ? undefined
            : script[Math.min(Math.max(poll - 1, 0), script.length - 1)],
      });
    },
  };
  return { gateway, state };
};
