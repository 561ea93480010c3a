import type { PackagedStack } from '../packagedStack.ts';
import { resourcesOfType } from '../parseTemplate.ts';
import { readMessaging } from '../readMessaging.ts';
import { topicNameOf } from '../topicNameOf.ts';
import type { Violation } from '../violation.ts';

/** Id of the check in its violations. */
export const SUBSCRIPTION_TOPIC = 'subscription-topic';

/**
 * `subscription-topic` (contract drift a): every subscription's TopicArn names a topic that some
 * service of the repo creates (an `AWS::SNS::Topic` `TopicName` in a packaged template), so a
 * renamed or removed topic fails here instead of at deploy time in another team's stack.
 */
export const checkSubscriptionTopics = (stacks: readonly PackagedStack[]): readonly Violation[] => {
  const produced = new Set(
    stacks.flatMap(({ template }) =>
      resourcesOfType(template, 'AWS::SNS::Topic').flatMap(([, { Properties }]) =>
        typeof Properties.TopicName === 'string' ? [Properties.TopicName] : [],
      ),
    ),
  );
  return stacks.flatMap(({ service, template }) =>
    readMessaging(template).subscriptions.flatMap((subscription): Violation[] => {
      const topicName = topicNameOf(subscription.topicArn, template);
      const report = (message: string): Violation[] => [
        { service, resource: subscription.logicalId, rule: SUBSCRIPTION_TOPIC, message },
      ];
      if (topicName === undefined) {
        return report(
          'TopicArn is not an SNS topic ARN the check can read; build it with Fn::Sub from ${AWS::Partition}, ${AWS::Region}, ${AWS::AccountId} and the topic name',
        );
      }
      return produced.has(topicName)
        ? []
        : report(`TopicArn points at ${topicName}, which no service of the repo creates`);
    }),
  );
};
