import { DlqError, QueueNotFoundError, UnknownQueueError } from '@conveyor/dlq';
import { TraceError } from '@conveyor/trace';

/**
 * The HTTP status the console answers a failed request with: 400 for a path that is not valid
 * percent-encoding, 404 for an order or queue that is not there, 409 for a DLQ operation the
 * queue's state refuses, 500 for anything else.
 *
 * @example
 * ```ts
 * errorStatus(new UnknownQueueError('Unknown queue "x".')); // 404
 * ```
 */
export const errorStatus = (error: unknown): number => {
  // What decodeURIComponent throws for a path such as /fragments/orders/%ZZ/trace.
  if (error instanceof URIError) return 400;
  if (
    error instanceof TraceError ||
    error instanceof UnknownQueueError ||
    error instanceof QueueNotFoundError
  ) {
    return 404;
  }
  return error instanceof DlqError ? 409 : 500;
};
