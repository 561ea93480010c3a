import { canonicalJson, isRecord, toArray, toNumber } from '../isRecord.ts';
import { resourcesOfType } from '../parseTemplate.ts';
import { readMessaging, type QueueView } from '../readMessaging.ts';
import { referencedLogicalId } from '../referencedLogicalId.ts';
import type { StackRule } from '../stackRule.ts';
import type { Violation } from '../violation.ts';

/** The SQS metrics the rule asks alarms for. */
export const QueueMetrics = {
  DlqDepth: 'ApproximateNumberOfMessagesVisible',
  OldestMessageAge: 'ApproximateAgeOfOldestMessage',
} as const;

interface QueueAlarm {
  readonly logicalId: string;
  readonly metricName: unknown;
  readonly queueId: string;
  readonly threshold: number | undefined;
  readonly comparison: unknown;
}

// The queue an AWS/SQS alarm watches, by Fn::GetAtt <queue>.QueueName or by its literal name.
const queueOfDimensions = (
  dimensions: unknown,
  queues: ReadonlyMap<string, QueueView>,
): string | undefined => {
  const dimension = toArray(dimensions).find(
    (entry) => isRecord(entry) && entry.Name === 'QueueName',
  );
  if (!isRecord(dimension)) return undefined;
  const byAttribute = referencedLogicalId(dimension.Value, 'QueueName');
  if (byAttribute !== undefined) return queues.has(byAttribute) ? byAttribute : undefined;
  const value = canonicalJson(dimension.Value);
  return [...queues.values()].find(
    (queue) =>
      queue.properties.QueueName !== undefined &&
      canonicalJson(queue.properties.QueueName) === value,
  )?.logicalId;
};

// A DLQ alarm must fire on the first dead-lettered message.
const firesOnFirstMessage = ({ threshold, comparison }: QueueAlarm): boolean =>
  threshold !== undefined &&
  ((comparison === 'GreaterThanThreshold' && threshold < 1) ||
    (comparison === 'GreaterThanOrEqualToThreshold' && threshold <= 1));

/**
 * `queue-alarms`: every DLQ has an alarm on its depth that fires on the first message, and every
 * source queue (read by an event source mapping) has an alarm on the age of its oldest message.
 */
export const queueAlarmsRule: StackRule = {
  id: 'queue-alarms',
  description:
    'Every DLQ has an ApproximateNumberOfMessagesVisible > 0 alarm; every source queue has an ApproximateAgeOfOldestMessage alarm.',
  check: ({ service, template }) => {
    const { queues, dlqIds, eventSources } = readMessaging(template);
    const alarms: QueueAlarm[] = [];
    for (const [logicalId, { Properties }] of resourcesOfType(template, 'AWS::CloudWatch::Alarm')) {
      if (Properties.Namespace !== 'AWS/SQS') continue;
      const queueId = queueOfDimensions(Properties.Dimensions, queues);
      if (queueId === undefined) continue;
      alarms.push({
        logicalId,
        metricName: Properties.MetricName,
        queueId,
        threshold: toNumber(Properties.Threshold),
        comparison: Properties.ComparisonOperator,
      });
    }
    const violations: Violation[] = [];
    const report = (resource: string, message: string): void => {
      violations.push({ service, resource, rule: queueAlarmsRule.id, message });
    };
    for (const dlqId of dlqIds) {
      const depthAlarms = alarms.filter(
        (alarm) => alarm.queueId === dlqId && alarm.metricName === QueueMetrics.DlqDepth,
      );
      if (depthAlarms.length === 0) {
        report(dlqId, `DLQ has no alarm on ${QueueMetrics.DlqDepth}`);
      } else if (!depthAlarms.some(firesOnFirstMessage)) {
        report(
          dlqId,
          `DLQ alarm ${depthAlarms.map((alarm) => alarm.logicalId).join(', ')} must fire on the first message (GreaterThanThreshold 0)`,
        );
      }
    }
    const sourceQueueIds = new Set(eventSources.flatMap((source) => source.queueId ?? []));
    for (const queueId of sourceQueueIds) {
      const ageAlarm = alarms.some(
        (alarm) => alarm.queueId === queueId && alarm.metricName === QueueMetrics.OldestMessageAge,
      );
      if (!ageAlarm)
        report(queueId, `source queue has no alarm on ${QueueMetrics.OldestMessageAge}`);
    }
    return violations;
  },
};
