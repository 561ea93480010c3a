import { readMessaging } from '../readMessaging.ts';
import type { StackRule } from '../stackRule.ts';
import { topicNameOf } from '../topicNameOf.ts';
import type { Violation } from '../violation.ts';

const kind = (fifo: boolean): string => (fifo ? 'FIFO' : 'standard');

/**
 * `subscription-redrive`: every subscription that delivers to SQS has a `RedrivePolicy` whose
 * `deadLetterTargetArn` is a queue of the same template, of the topic's kind (SNS takes only FIFO
 * DLQs for FIFO topic subscriptions, only standard ones for standard topics). Without it, a
 * message SNS cannot deliver (a queue policy mismatch, a deleted queue, a KMS problem) is dropped
 * after SNS's retries, unseen.
 */
export const subscriptionRedriveRule: StackRule = {
  id: 'subscription-redrive',
  description:
    "Every SQS subscription has a RedrivePolicy whose deadLetterTargetArn is a queue of the template, of its topic's kind.",
  check: ({ service, template }) => {
    const { queues, subscriptions } = readMessaging(template);
    const violations: Violation[] = [];
    const report = (resource: string, message: string): void => {
      violations.push({ service, resource, rule: subscriptionRedriveRule.id, message });
    };
    for (const subscription of subscriptions) {
      if (!subscription.sqs) continue;
      const { redrive } = subscription;
      if (redrive === undefined) {
        report(
          subscription.logicalId,
          'has no RedrivePolicy; a message SNS cannot deliver to the queue would be dropped',
        );
        continue;
      }
      if (redrive.targetArn === undefined) {
        report(subscription.logicalId, 'RedrivePolicy has no deadLetterTargetArn');
        continue;
      }
      const dlq = redrive.dlqId === undefined ? undefined : queues.get(redrive.dlqId);
      if (dlq === undefined) {
        report(
          subscription.logicalId,
          'RedrivePolicy deadLetterTargetArn must be Fn::GetAtt <DLQ>.Arn of a queue in this template',
        );
        continue;
      }
      // An unreadable TopicArn is subscription-topic's finding.
      const topicName = topicNameOf(subscription.topicArn, template);
      if (topicName === undefined) continue;
      const fifoTopic = topicName.endsWith('.fifo');
      if (dlq.fifo !== fifoTopic) {
        report(
          subscription.logicalId,
          `subscribes to the ${kind(fifoTopic)} topic ${topicName}, but its DLQ ${dlq.logicalId} is a ${kind(dlq.fifo)} queue; SNS needs a ${kind(fifoTopic)} DLQ`,
        );
      }
    }
    return violations;
  },
};
