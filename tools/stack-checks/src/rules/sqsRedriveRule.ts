import { toNumber } from '../isRecord.ts';
import { readMessaging, redriveOf } from '../readMessaging.ts';
import type { StackRule } from '../stackRule.ts';
import type { Violation } from '../violation.ts';

/** Every consumer retries a message this many times before it is dead-lettered (DESIGN.md). */
export const MAX_RECEIVE_COUNT = 3;

/** How long a DLQ keeps a message: 14 days, the SQS maximum, to leave time to redrive it. */
export const DLQ_RETENTION_SECONDS = 1_209_600;

const kind = (fifo: boolean): string => (fifo ? 'FIFO' : 'standard');

/**
 * `sqs-redrive`: every queue that is not itself a DLQ sends to a DLQ of the same kind in the same
 * template after 3 receives, and every DLQ keeps messages 14 days.
 */
export const sqsRedriveRule: StackRule = {
  id: 'sqs-redrive',
  description:
    'Every non-DLQ queue has a RedrivePolicy to a same-kind DLQ of the template with maxReceiveCount 3; DLQs keep messages 14 days.',
  check: ({ service, template }) => {
    const { queues, dlqIds } = readMessaging(template);
    const violations: Violation[] = [];
    const report = (resource: string, message: string): void => {
      violations.push({ service, resource, rule: sqsRedriveRule.id, message });
    };
    for (const queue of queues.values()) {
      if (dlqIds.has(queue.logicalId)) {
        const retention = toNumber(queue.properties.MessageRetentionPeriod);
        if (retention !== DLQ_RETENTION_SECONDS) {
          report(
            queue.logicalId,
            `MessageRetentionPeriod is ${retention === undefined ? 'unset (4 days)' : String(retention)}, must be ${DLQ_RETENTION_SECONDS} (14 days)`,
          );
        }
        continue;
      }
      const redrive = redriveOf(queue.properties);
      if (redrive === undefined) {
        report(queue.logicalId, 'has no RedrivePolicy; every queue needs a DLQ');
        continue;
      }
      const dlq = redrive.dlqId === undefined ? undefined : queues.get(redrive.dlqId);
      if (dlq === undefined) {
        report(
          queue.logicalId,
          'RedrivePolicy deadLetterTargetArn must be Fn::GetAtt <DLQ>.Arn of a queue in this template',
        );
      } else if (dlq.fifo !== queue.fifo) {
        report(
          queue.logicalId,
          `is a ${kind(queue.fifo)} queue but its DLQ ${dlq.logicalId} is ${kind(dlq.fifo)}`,
        );
      }
      if (redrive.maxReceiveCount !== MAX_RECEIVE_COUNT) {
        report(
          queue.logicalId,
          `maxReceiveCount is ${redrive.maxReceiveCount === undefined ? 'missing' : String(redrive.maxReceiveCount)}, must be ${MAX_RECEIVE_COUNT}`,
        );
      }
    }
    return violations;
  },
};
