import type { Logger } from '@aws-lambda-powertools/logger';
import { isServerError, isThrottlingError, isTransientError } from '@smithy/core/retry';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { DomainError } from './errors.ts';
import type { HandlerContext } from './handlerContext.ts';
import { type HttpResponse, problemResponse } from './http.ts';
import { requestCorrelationId } from './requestCorrelationId.ts';
import { inHandlerSubsegment, type Tracer } from './tracer.ts';

/** What a request handler gets besides the request: what an SQS record's handler gets, and the request's correlation id. */
export interface RequestContext extends HandlerContext {
  /**
   * The id the request's flow starts with ({@link requestCorrelationId}): on every line the
   * request logs, failures included, and answered as `x-correlation-id` unless the handler
   * answers another (an order's own, on a retry).
   */
  readonly correlationId: string;
}

/** Handles one HTTP API (payload v2) request. It returns its answers and throws its failures. */
export type HttpRequestHandler = (
  event: APIGatewayProxyEventV2,
  context: RequestContext,
) => Promise<HttpResponse>;

/** Options of {@link makeHttpHandler}. */
export interface HttpHandlerOptions {
  /** The service logger, built once per cold start. */
  readonly logger: Logger;
  /** The function that answers the request. */
  readonly handle: HttpRequestHandler;
  /**
   * The service's tracer ({@link createTracer}). In Lambda with active tracing, the request is a
   * `## <route>` subsegment annotated with its status.
   */
  readonly tracer?: Tracer;
}

// Nothing of the error reaches the client: its message may name tables, ids or paths.
const INTERNAL_DETAIL = 'The request failed on the server; it has been logged';
const TRANSIENT_DETAIL = 'A temporary failure on the server; retry the request';

/**
 * Whether an error is an AWS SDK call's failure that may pass by itself: throttling, a 5xx from
 * the service, a timeout, a refused or reset connection. The classification is the SDK's own
 * retry strategy's (`@smithy/core/retry`), which has retried already; the caller may retry later.
 * `$metadata` is on every error a client's `send` rejects with, and on no other error.
 */
const isAwsTransientFailure = (error: unknown): boolean => {
  if (!(error instanceof Error) || !('$metadata' in error)) return false;
  const sdkError = error as Parameters<typeof isTransientError>[0];
  return isThrottlingError(sdkError) || isTransientError(sdkError) || isServerError(sdkError);
};

/**
 * The `application/problem+json` answer for an error a request handler threw. A
 * {@link DomainError} with a 4xx `httpStatus` is answered with that status and its message as
 * `detail`; a retryable one without a status, or an AWS call's transient failure (throttling, a
 * 5xx, a timeout, a refused connection), with 503 and `retry-after: 1` (races and dependency
 * hiccups that pass within seconds); anything else with 500 and a generic detail, never the
 * message or the stack.
 *
 * @example
 * ```ts
 * problemForError(new UnknownOrderError('ord-1')); // 404, detail 'Order ord-1 does not exist'
 * problemForError(new TypeError('x is undefined')); // 500, generic detail
 * ```
 */
export const problemForError = (error: unknown): HttpResponse => {
  if (!(error instanceof DomainError)) {
    return isAwsTransientFailure(error)
      ? problemResponse(503, { detail: TRANSIENT_DETAIL }, { 'retry-after': '1' })
      : problemResponse(500, { detail: INTERNAL_DETAIL });
  }
  const declared = error.httpStatus;
  const status =
    declared !== undefined && declared >= 400 && declared <= 599
      ? declared
      : error.retryable
        ? 503
        : 500;
  if (status < 500) return problemResponse(status, { detail: error.message });
  if (status === 503 && error.retryable) {
    return problemResponse(503, { detail: TRANSIENT_DETAIL }, { 'retry-after': '1' });
  }
  return problemResponse(status, { detail: INTERNAL_DETAIL });
};

const withCorrelationId = (response: HttpResponse, correlationId: string): HttpResponse =>
  Object.keys(response.headers ?? {}).some((name) => name.toLowerCase() === 'x-correlation-id')
    ? response
    : { ...response, headers: { ...response.headers, 'x-correlation-id': correlationId } };

/**
 * Makes a Lambda handler for an HTTP API (payload v2) route, the HTTP counterpart of
 * `makeSqsEventHandler`: `handle` gets the request and a context with the Lambda context and a
 * logger carrying the request's id, route and correlation id, which every answer carries
 * as `x-correlation-id`. It returns its answers (such as
 * `jsonResponse(...)` or the problem `parseJsonRequest` found) and throws its failures, which
 * are answered as `application/problem+json` by {@link problemForError} and logged: a 5xx as an
 * error with its stack (a `TransientError`'s 503 as a warning: an expected race), a
 * refusal (4xx) as information.
 *
 * @example
 * ```ts
 * export const handler = makeHttpHandler({
 *   logger,
 *   handle: async (event) => {
 *     const orderId = event.pathParameters?.orderId ?? '';
 *     const order = await getOrder(orderId);
 *     if (order === undefined) throw new UnknownOrderError(orderId); // 404 problem+json
 *     return jsonResponse(200, order);
 *   },
 * });
 * ```
 */
export const makeHttpHandler =
  (options: HttpHandlerOptions) =>
  async (event: APIGatewayProxyEventV2, lambdaContext: Context): Promise<HttpResponse> => {
    // A child per request: concurrent invocations in one process must not share keys.
    const logger = options.logger.createChild();
    // The function's name and request id on every line: which invocation, and how long it took.
    logger.addContext(lambdaContext);
    // The correlation id on every line and answer: a client told 503 can name the failed attempt,
    // and a trace by the id finds it beside the events an order stored meanwhile carries.
    const correlationId = requestCorrelationId(event);
    logger.appendKeys({
      requestId: event.requestContext.requestId,
      route: event.routeKey,
      correlationId,
    });
    try {
      const response = await inHandlerSubsegment(options.tracer, event.routeKey, {}, async () => {
        const answer = await options.handle(event, { lambdaContext, logger, correlationId });
        options.tracer?.putAnnotation('status', answer.statusCode);
        return answer;
      });
      return withCorrelationId(response, correlationId);
    } catch (error) {
      const response = problemForError(error);
      const { statusCode } = response;
      if (statusCode >= 500) {
        // An AWS failure answered 503 stays an error: a dependency down must reach the alarms.
        const expected = statusCode === 503 && error instanceof DomainError;
        logger[expected ? 'warn' : 'error'](`Request failed: answered ${statusCode}`, {
          status: statusCode,
          error: error as Error,
        });
      } else {
        logger.info(`Request refused: answered ${statusCode}`, {
          status: statusCode,
          reason: (error as Error).message,
        });
      }
      return withCorrelationId(response, correlationId);
    }
  };
