/**
 * What every function builds its AWS SDK clients with: a call that gets no connection, or no
 * answer, fails within seconds. Without it the SDK waits on a stalled connection until the
 * function's timeout kills the invocation, which logs nothing of the request: an HTTP caller
 * gets the gateway's 5xx instead of a 503 with `retry-after` and its `x-correlation-id`, and a
 * consumer's whole batch times out instead of one record failing with its reason. A stalled call
 * gives up after about 8 s with DynamoDB's 4 attempts (6 s with the other clients' 3), within
 * the 10 s the functions are given (20 s for consumers in AWS). A connection silent for 2 s has
 * stalled for these calls: DynamoDB, SNS, SQS and SES answer in milliseconds.
 *
 * @example
 * ```ts
 * const dynamo = tracer.captureAWSv3Client(new DynamoDBClient(awsClientOptions));
 * ```
 */
export const awsClientOptions = {
  requestHandler: {
    connectionTimeout: 1_000,
    requestTimeout: 2_000,
    // Else the handler only warns when the request times out, and the call waits on.
    throwOnRequestTimeout: true,
  },
} as const;
