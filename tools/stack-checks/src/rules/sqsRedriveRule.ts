import { DLQ_RETENTION_SECONDS } from '@conveyor/event-types';
import { toNumber } from '../isRecord.ts';
import { type QueueView, readMessaging, redriveAllowOf, redriveOf } from '../readMessaging.ts';
import type { StackRule } from '../stackRule.ts';
import type { Violation } from '../violation.ts';

/** Every consumer retries a message this many times before it is dead-lettered (DESIGN.md). */
export const MAX_RECEIVE_COUNT = 3;

const kind = (fifo: boolean): string => (fifo ? 'FIFO' : 'standard');

const nameOf = (queue: QueueView): string =>
  typeof queue.properties.QueueName === 'string' ? queue.properties.QueueName : queue.logicalId;

// What is wrong with a DLQ's RedriveAllowPolicy, given the queues that dead-letter into it.
const redriveAllowProblem = (dlq: QueueView, sources: readonly QueueView[]): string | undefined => {
  const allow = redriveAllowOf(dlq.properties);
  const expected = sources.map(nameOf).sort();
  const permission = expected.length === 0 ? 'denyAll' : 'byQueue';
  const want =
    expected.length === 0
      ? 'denyAll (no queue of the template dead-letters into it)'
      : `byQueue naming ${expected.join(', ')}`;
  if (allow === undefined) return `has no RedriveAllowPolicy; must be ${want}`;
  if (allow.redrivePermission !== permission) {
    return `RedriveAllowPolicy is ${String(allow.redrivePermission)}, must be ${want}`;
  }
  if (permission === 'denyAll') return undefined;
  // An ARN's last part is the queue's name.
  const named = allow.sourceQueueArns.map((arn) => arn?.split(':').at(-1) ?? '?').sort();
  return named.join(',') === expected.join(',')
    ? undefined
    : `RedriveAllowPolicy names ${named.join(', ') || 'no queue'}, must be ${want}`;
};

/**
 * `sqs-redrive`: every queue that is not itself a DLQ sends to a DLQ of the same kind in the same
 * template after 3 receives, and every DLQ keeps messages 14 days and lets only those queues
 * dead-letter into it (`RedriveAllowPolicy`: `byQueue` naming them, `denyAll` when only SNS
 * delivers to it).
 */
export const sqsRedriveRule: StackRule = {
  id: 'sqs-redrive',
  description:
    'Every non-DLQ queue has a RedrivePolicy to a same-kind DLQ of the template with maxReceiveCount 3; DLQs keep messages 14 days and allow only those queues to dead-letter into them.',
  check: ({ service, template }) => {
    const { queues, dlqIds } = readMessaging(template);
    // The queues that dead-letter into each DLQ, read once.
    const sourcesOf = Map.groupBy(queues.values(), (queue) => redriveOf(queue.properties)?.dlqId);
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
        const problem = redriveAllowProblem(queue, sourcesOf.get(queue.logicalId) ?? []);
        if (problem !== undefined) report(queue.logicalId, problem);
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
