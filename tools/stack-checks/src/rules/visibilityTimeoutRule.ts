import { toNumber } from '../isRecord.ts';
import { readMessaging } from '../readMessaging.ts';
import type { StackRule } from '../stackRule.ts';
import type { Violation } from '../violation.ts';

/** AWS's advice: a source queue's visibility timeout is at least 6 × the function timeout. */
export const VISIBILITY_FACTOR = 6;

// What AWS applies when a template leaves the property out.
const SQS_DEFAULT_VISIBILITY_SECONDS = 30;
const LAMBDA_DEFAULT_TIMEOUT_SECONDS = 3;

/**
 * `visibility-timeout`: each source queue's VisibilityTimeout is at least 6 × the Timeout of the
 * function its event source mapping invokes, so a message is not handed out again while a slow
 * (or retried) invocation still holds it.
 */
export const visibilityTimeoutRule: StackRule = {
  id: 'visibility-timeout',
  description:
    "Each source queue's VisibilityTimeout is at least 6 × the consuming function's Timeout.",
  check: ({ service, template }) => {
    const { eventSources, queues } = readMessaging(template);
    const violations: Violation[] = [];
    const report = (resource: string, message: string): void => {
      violations.push({ service, resource, rule: visibilityTimeoutRule.id, message });
    };
    for (const source of eventSources) {
      if (!source.sqs) continue;
      const queue = source.queueId === undefined ? undefined : queues.get(source.queueId);
      if (queue === undefined) {
        report(
          source.logicalId,
          'source queue is not a queue of this template, so its VisibilityTimeout cannot be checked',
        );
        continue;
      }
      if (source.functionId === undefined) {
        report(source.logicalId, 'FunctionName does not point at a function of this template');
        continue;
      }
      const rawTimeout = template.Resources[source.functionId]?.Properties.Timeout;
      const rawVisibility = queue.properties.VisibilityTimeout;
      const timeout =
        rawTimeout === undefined ? LAMBDA_DEFAULT_TIMEOUT_SECONDS : toNumber(rawTimeout);
      const visibility =
        rawVisibility === undefined ? SQS_DEFAULT_VISIBILITY_SECONDS : toNumber(rawVisibility);
      if (timeout === undefined || visibility === undefined) {
        report(
          queue.logicalId,
          `VisibilityTimeout or ${source.functionId} Timeout is not a literal number`,
        );
        continue;
      }
      const minimum = VISIBILITY_FACTOR * timeout;
      if (visibility < minimum) {
        report(
          queue.logicalId,
          `VisibilityTimeout is ${visibility} s, must be at least ${minimum} s (${VISIBILITY_FACTOR} × ${source.functionId} Timeout ${timeout} s)`,
        );
      }
    }
    return violations;
  },
};
