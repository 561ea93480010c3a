import { canonicalJson, isRecord, toNumber } from '../isRecord.ts';
import { readMessaging } from '../readMessaging.ts';
import type { StackRule } from '../stackRule.ts';
import type { Violation } from '../violation.ts';

/** The range Lambda accepts for an SQS event source's `ScalingConfig.MaximumConcurrency`. */
export const MAXIMUM_CONCURRENCY_RANGE = { min: 2, max: 1000 } as const;

/**
 * `event-source-concurrency`: every SQS event source caps the concurrent invocations it starts
 * (`ScalingConfig.MaximumConcurrency`, 2-1000), so a backlog on one queue cannot take the
 * account's whole concurrency from every other function (a bulkhead). The function reserves
 * concurrency (`ReservedConcurrentExecutions`), so that other functions cannot starve it either,
 * and the caps of all its SQS sources together are not above it: Lambda would otherwise throttle
 * the invocations it starts, and a throttled message goes back to the queue with one more
 * receive counted towards the DLQ.
 */
export const eventSourceConcurrencyRule: StackRule = {
  id: 'event-source-concurrency',
  description:
    'Every SQS event source sets ScalingConfig.MaximumConcurrency (2-1000); its function sets ReservedConcurrentExecutions, not below the maxima of its SQS event sources together.',
  check: ({ service, template }) => {
    const violations: Violation[] = [];
    const { min, max } = MAXIMUM_CONCURRENCY_RANGE;
    const capped: {
      readonly logicalId: string;
      readonly functionId: string;
      readonly maximum: number;
    }[] = [];
    for (const source of readMessaging(template).eventSources) {
      if (!source.sqs) continue;
      const report = (message: string): void => {
        violations.push({
          service,
          resource: source.logicalId,
          rule: eventSourceConcurrencyRule.id,
          message,
        });
      };
      const scaling = source.properties.ScalingConfig;
      const written = isRecord(scaling) ? scaling.MaximumConcurrency : undefined;
      if (written === undefined) {
        report(
          'has no ScalingConfig.MaximumConcurrency; a backlog could take every concurrent execution of the account',
        );
        continue;
      }
      const maximum = toNumber(written);
      if (maximum === undefined || !Number.isInteger(maximum) || maximum < min || maximum > max) {
        report(
          `ScalingConfig.MaximumConcurrency is ${canonicalJson(written)}, must be an integer from ${min} to ${max}`,
        );
        continue;
      }
      if (source.functionId !== undefined) {
        capped.push({ logicalId: source.logicalId, functionId: source.functionId, maximum });
      }
    }
    // AWS: the reserved concurrency must cover the sum over all SQS event sources of the function.
    const unreserved = new Set<string>();
    for (const { logicalId, functionId, maximum } of capped) {
      const reserved = toNumber(
        template.Resources[functionId]?.Properties.ReservedConcurrentExecutions,
      );
      if (reserved === undefined && !unreserved.has(functionId)) {
        unreserved.add(functionId);
        violations.push({
          service,
          resource: functionId,
          rule: eventSourceConcurrencyRule.id,
          message:
            'consumes an SQS queue but has no ReservedConcurrentExecutions; other functions could take the concurrency it needs (set reservedConcurrency to the maximum concurrency of its event sources)',
        });
      }
      const total = capped
        .filter((other) => other.functionId === functionId)
        .reduce((sum, other) => sum + other.maximum, 0);
      if (reserved !== undefined && total > reserved) {
        violations.push({
          service,
          resource: logicalId,
          rule: eventSourceConcurrencyRule.id,
          message: `ScalingConfig.MaximumConcurrency ${maximum}${total === maximum ? '' : ` (${total} over all SQS event sources of ${functionId})`} is above the ReservedConcurrentExecutions ${reserved} of ${functionId}; Lambda would throttle the surplus`,
        });
      }
    }
    return violations;
  },
};
