import type { SQSBatchResponse } from 'aws-lambda';

/** Does nothing, successfully: the benchmark measures what delivering costs. */
export const noop = (): Promise<SQSBatchResponse> => Promise.resolve({ batchItemFailures: [] });
