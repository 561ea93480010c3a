import {
  DlqError,
  LocalCloudSilentError,
  LocalCloudStoppedError,
  QueueNotFoundError,
  UnknownQueueError,
} from '@conveyor/dlq';
import { TraceError } from '@conveyor/trace';

// The SDK's TimeoutError arrives wrapped (a DlqError saying which read), so look through causes.
const timedOut = (error: unknown): boolean => {
  for (let current = error; current instanceof Error; current = current.cause) {
    if (current.name === 'TimeoutError') return true;
  }
  return false;
};

/**
 * The HTTP status the console answers a failed request with: 400 for a path that is not valid
 * percent-encoding, 404 for an order or queue that is not there, 503 when the local cloud is not
 * running, 504 when it takes connections and does not answer (busy, or stopped with SIGSTOP),
 * 409 for a DLQ operation the queue's state refuses, 500 for anything else.
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
  if (error instanceof LocalCloudStoppedError) return 503;
  if (error instanceof LocalCloudSilentError || timedOut(error)) return 504;
  return error instanceof DlqError ? 409 : 500;
};
