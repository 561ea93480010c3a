/**
 * The connection and request timeouts of the operator tools' AWS clients: without them a network
 * that drops packets leaves a command waiting minutes, silent. Generous beside AWS's usual answer
 * times (their longest call, a DLQ receive, waits 1 s); a call that times out is retried as the
 * SDK retries, three attempts in all.
 */
export const AWS_CLIENT_TIMEOUTS = {
  connectionTimeout: 5_000,
  requestTimeout: 10_000,
  // Else the handler only logs a warning and the call waits on.
  throwOnRequestTimeout: true,
} as const;
