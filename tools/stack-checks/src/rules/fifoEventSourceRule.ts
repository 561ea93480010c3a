import { toNumber } from '../isRecord.ts';
import { readMessaging } from '../readMessaging.ts';
import type { StackRule } from '../stackRule.ts';
import type { Violation } from '../violation.ts';

/** The largest batch Lambda takes from a FIFO queue. */
export const FIFO_MAX_BATCH_SIZE = 10;

/**
 * `fifo-event-source`: event sources on FIFO queues have no batching window (AWS rejects one) and
 * a batch size of at most 10.
 */
export const fifoEventSourceRule: StackRule = {
  id: 'fifo-event-source',
  description:
    'Event sources on FIFO queues set no MaximumBatchingWindowInSeconds and a BatchSize of at most 10.',
  check: ({ service, template }) => {
    const violations: Violation[] = [];
    for (const source of readMessaging(template).eventSources) {
      if (!source.sqs || !source.fifo) continue;
      const report = (message: string): void => {
        violations.push({
          service,
          resource: source.logicalId,
          rule: fifoEventSourceRule.id,
          message,
        });
      };
      if ('MaximumBatchingWindowInSeconds' in source.properties) {
        report(
          `MaximumBatchingWindowInSeconds is set (${JSON.stringify(source.properties.MaximumBatchingWindowInSeconds)}); AWS rejects a batching window on a FIFO queue`,
        );
      }
      const batchSize = toNumber(source.properties.BatchSize);
      if (
        source.properties.BatchSize !== undefined &&
        (batchSize ?? Infinity) > FIFO_MAX_BATCH_SIZE
      ) {
        report(
          `BatchSize is ${JSON.stringify(source.properties.BatchSize)}, must be at most ${FIFO_MAX_BATCH_SIZE} on a FIFO queue`,
        );
      }
    }
    return violations;
  },
};
