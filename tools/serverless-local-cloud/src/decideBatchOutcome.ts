import { isRecord } from './isRecord.ts';

/** How an invocation ended, as the event source runner saw it. */
export type InvocationResult =
  | { readonly kind: 'returned'; readonly value: unknown }
  | { readonly kind: 'failed'; readonly error: unknown };

/** A record of the batch, as far as settling it goes. */
export interface BatchRecordRef {
  readonly messageId: string;
  /** Set on FIFO queues. */
  readonly messageGroupId?: string | undefined;
}

/** What to do with a batch after its invocation. */
export type BatchOutcome =
  | { readonly kind: 'succeeded'; readonly deleteIds: readonly string[] }
  | {
      readonly kind: 'partiallyFailed';
      readonly deleteIds: readonly string[];
      readonly failedIds: readonly string[];
      /**
       * Succeeded records that follow a failed record of the same message group: deleting them
       * reorders the group, in AWS as here. The handler should have failed them too.
       */
      readonly outOfOrderIds: readonly string[];
    }
  | { readonly kind: 'failed'; readonly reason: string };

// serverless-offline's LambdaTimeoutError leaves `name` as "Error"; its class name tells.
const isTimeout = (error: Error): boolean =>
  error.name === 'LambdaTimeoutError' || error.constructor.name === 'LambdaTimeoutError';

const describeError = (error: unknown): string => {
  if (error instanceof Error) {
    return isTimeout(error) ? 'the function timed out' : error.message;
  }
  return String(error);
};

/** Ids of records after a failed record of their own group that are about to be deleted. */
const findOutOfOrder = (
  records: readonly BatchRecordRef[],
  failed: ReadonlySet<string>,
): string[] => {
  const brokenGroups = new Set<string>();
  const outOfOrder: string[] = [];
  for (const { messageId, messageGroupId } of records) {
    if (messageGroupId === undefined) {
      continue;
    }
    if (failed.has(messageId)) {
      brokenGroups.add(messageGroupId);
    } else if (brokenGroups.has(messageGroupId)) {
      outOfOrder.push(messageId);
    }
  }
  return outOfOrder;
};

/**
 * Decides, as Lambda's SQS event source mapping does, which records of a batch to delete.
 *
 * - A thrown error, a rejection or a timeout fails the whole batch: nothing is deleted.
 * - Without `ReportBatchItemFailures` any return value is success.
 * - With it, `batchItemFailures` lists the failed message ids; a null or empty list, or no
 *   response at all, is success. An invalid response fails the whole batch: a
 *   `batchItemFailures` that is not a list, an entry without a non-empty string
 *   `itemIdentifier`, or an id that is not in the batch
 *   (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html).
 */
export const decideBatchOutcome = (
  records: readonly BatchRecordRef[],
  reportBatchItemFailures: boolean,
  result: InvocationResult,
): BatchOutcome => {
  if (result.kind === 'failed') {
    return { kind: 'failed', reason: describeError(result.error) };
  }
  const allIds = records.map(({ messageId }) => messageId);
  if (!reportBatchItemFailures || result.value === undefined || result.value === null) {
    return { kind: 'succeeded', deleteIds: allIds };
  }
  if (!isRecord(result.value)) {
    return { kind: 'failed', reason: 'the function returned an invalid batch response' };
  }
  const failures = result.value['batchItemFailures'];
  if (failures === undefined || failures === null) {
    return { kind: 'succeeded', deleteIds: allIds };
  }
  if (!Array.isArray(failures)) {
    return { kind: 'failed', reason: 'batchItemFailures is not a list' };
  }
  const inBatch = new Set(allIds);
  const failed = new Set<string>();
  for (const failure of failures as unknown[]) {
    const id = isRecord(failure) ? failure['itemIdentifier'] : undefined;
    if (typeof id !== 'string' || id === '') {
      return { kind: 'failed', reason: 'a batchItemFailures entry has no itemIdentifier' };
    }
    if (!inBatch.has(id)) {
      return { kind: 'failed', reason: `batchItemFailures names ${id}, which is not in the batch` };
    }
    failed.add(id);
  }
  if (failed.size === 0) {
    return { kind: 'succeeded', deleteIds: allIds };
  }
  return {
    kind: 'partiallyFailed',
    deleteIds: allIds.filter((id) => !failed.has(id)),
    failedIds: allIds.filter((id) => failed.has(id)),
    outOfOrderIds: findOutOfOrder(records, failed),
  };
};
