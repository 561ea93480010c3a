import { toArray } from '../isRecord.ts';
import { readMessaging } from '../readMessaging.ts';
import type { StackRule } from '../stackRule.ts';

/**
 * `report-batch-item-failures`: every SQS event source reports failed records one by one, so a
 * failure retries only its record (and, on FIFO, the rest of its message group).
 */
export const reportBatchItemFailuresRule: StackRule = {
  id: 'report-batch-item-failures',
  description: 'Every SQS event source has FunctionResponseTypes [ReportBatchItemFailures].',
  check: ({ service, template }) =>
    readMessaging(template)
      .eventSources.filter(
        (source) =>
          source.sqs &&
          !toArray(source.properties.FunctionResponseTypes).includes('ReportBatchItemFailures'),
      )
      .map((source) => ({
        service,
        resource: source.logicalId,
        rule: reportBatchItemFailuresRule.id,
        message:
          'FunctionResponseTypes lacks ReportBatchItemFailures; one failed record would retry the whole batch',
      })),
};
