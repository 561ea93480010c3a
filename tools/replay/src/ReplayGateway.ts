/** A subscription of a topic, as ListSubscriptionsByTopic lists it. */
export interface TopicSubscription {
  readonly subscriptionArn: string;
  readonly protocol: string;
  readonly endpoint: string;
}

/** A queue's URL and ARN. */
export interface QueueIdentity {
  readonly url: string;
  readonly arn: string;
}

/** How many messages a queue holds (approximately, in AWS). */
export interface QueueDepth {
  readonly visible: number;
  readonly inFlight: number;
}

/**
 * The SNS and SQS calls a replay makes, the same on the local cloud and in AWS. The adapter is
 * `snsSqsReplayGateway`; tests use an in-memory one.
 */
export interface ReplayGateway {
  /** SQS GetQueueUrl and GetQueueAttributes (QueueArn); undefined when there is no such queue. */
  queue(queueName: string): Promise<QueueIdentity | undefined>;
  /** SQS GetQueueAttributes (ApproximateNumberOfMessages, ...NotVisible). */
  queueDepth(queueUrl: string): Promise<QueueDepth>;
  /** SNS GetTopicAttributes; undefined when there is no such topic. */
  topicAttributes(topicArn: string): Promise<Readonly<Record<string, string>> | undefined>;
  /** SNS ListSubscriptionsByTopic, every page. */
  subscriptions(topicArn: string): Promise<readonly TopicSubscription[]>;
  /** SNS SetSubscriptionAttributes with `ReplayPolicy`. */
  setReplayPolicy(subscriptionArn: string, policy: string): Promise<void>;
  /** SNS GetSubscriptionAttributes: the `ReplayStatus`, if any yet. */
  replayStatus(subscriptionArn: string): Promise<string | undefined>;
  /** SNS GetSubscriptionAttributes: the `ReplayPolicy` and `ReplayStatus`, where set. */
  replayState(subscriptionArn: string): Promise<SubscriptionReplayState>;
}

/** A subscription's replay attributes, as SNS reports them. */
export interface SubscriptionReplayState {
  /** `ReplayPolicy`, the JSON text last set. */
  readonly policy: string | undefined;
  /** `ReplayStatus`: Pending, In progress, Completed or Failed. */
  readonly status: string | undefined;
}
