import {
  GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  SetSubscriptionAttributesCommand,
  type SNSClient,
} from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { ReplayGateway, TopicSubscription } from './ReplayGateway.ts';

/** A call as the AWS CLI would make it, for an operator to read or repeat. */
export type CallListener = (call: string) => void;

const quote = (value: string): string =>
  /^[\w:./@=,+-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;

const isNamed = (error: unknown, ...names: string[]): boolean => {
  if (!(error instanceof Error)) return false;
  const { Code: code } = error as { Code?: unknown };
  return names.includes(error.name) || (typeof code === 'string' && names.includes(code));
};

/**
 * The {@link ReplayGateway} of real SNS and SQS clients (the local cloud's, or AWS's), telling
 * `onCall` each call as an `aws` command line.
 */
export const snsSqsReplayGateway = (
  sns: SNSClient,
  sqs: SQSClient,
  onCall: CallListener = () => undefined,
): ReplayGateway => {
  const replayState: ReplayGateway['replayState'] = async (subscriptionArn) => {
    onCall(`aws sns get-subscription-attributes --subscription-arn ${quote(subscriptionArn)}`);
    const { Attributes } = await sns.send(
      new GetSubscriptionAttributesCommand({ SubscriptionArn: subscriptionArn }),
    );
    return { policy: Attributes?.['ReplayPolicy'], status: Attributes?.['ReplayStatus'] };
  };
  return {
    queue: async (queueName) => {
      onCall(`aws sqs get-queue-url --queue-name ${quote(queueName)}`);
      let url: string | undefined;
      try {
        url = (await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }))).QueueUrl;
      } catch (error) {
        if (
          isNamed(error, 'QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue') ||
          /does not exist/i.test(error instanceof Error ? error.message : '')
        ) {
          return undefined;
        }
        throw error;
      }
      if (url === undefined) return undefined;
      onCall(`aws sqs get-queue-attributes --queue-url ${quote(url)} --attribute-names QueueArn`);
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
      );
      return { url, arn: Attributes?.QueueArn ?? '' };
    },
    queueDepth: async (queueUrl) => {
      onCall(
        `aws sqs get-queue-attributes --queue-url ${quote(queueUrl)} --attribute-names ApproximateNumberOfMessages ApproximateNumberOfMessagesNotVisible`,
      );
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: queueUrl,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      return {
        visible: Number(Attributes?.ApproximateNumberOfMessages ?? 0),
        inFlight: Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0),
      };
    },
    topicAttributes: async (topicArn) => {
      onCall(`aws sns get-topic-attributes --topic-arn ${quote(topicArn)}`);
      try {
        return (await sns.send(new GetTopicAttributesCommand({ TopicArn: topicArn }))).Attributes;
      } catch (error) {
        if (isNamed(error, 'NotFoundException', 'NotFound')) return undefined;
        throw error;
      }
    },
    subscriptions: async (topicArn) => {
      const found: TopicSubscription[] = [];
      let nextToken: string | undefined;
      do {
        onCall(
          `aws sns list-subscriptions-by-topic --topic-arn ${quote(topicArn)}${nextToken === undefined ? '' : ' --next-token …'}`,
        );
        const page = await sns.send(
          new ListSubscriptionsByTopicCommand({
            TopicArn: topicArn,
            ...(nextToken === undefined ? {} : { NextToken: nextToken }),
          }),
        );
        for (const { SubscriptionArn, Protocol, Endpoint } of page.Subscriptions ?? []) {
          if (SubscriptionArn !== undefined) {
            found.push({
              subscriptionArn: SubscriptionArn,
              protocol: Protocol ?? '',
              endpoint: Endpoint ?? '',
            });
          }
        }
        nextToken = page.NextToken;
      } while (nextToken !== undefined && nextToken !== '');
      return found;
    },
    setReplayPolicy: async (subscriptionArn, policy) => {
      onCall(
        `aws sns set-subscription-attributes --subscription-arn ${quote(subscriptionArn)} --attribute-name ReplayPolicy --attribute-value ${quote(policy)}`,
      );
      await sns.send(
        new SetSubscriptionAttributesCommand({
          SubscriptionArn: subscriptionArn,
          AttributeName: 'ReplayPolicy',
          AttributeValue: policy,
        }),
      );
    },
    replayStatus: async (subscriptionArn) => (await replayState(subscriptionArn)).status,
    replayState,
  };
};
