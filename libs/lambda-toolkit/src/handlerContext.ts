import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';

/**
 * What every handler built with the toolkit gets besides its input, whether it handles an SQS
 * record (`RecordContext`) or an HTTP request (`RequestContext`).
 *
 * @example
 * ```ts
 * const handle = async (input: Input, { logger, lambdaContext }: HandlerContext) => {
 *   logger.info('Handling', { remainingMs: lambdaContext.getRemainingTimeInMillis() });
 * };
 * ```
 */
export interface HandlerContext {
  /** The invocation's Lambda context. */
  readonly lambdaContext: Context;
  /** A child of the service logger with this record's or request's tracing keys appended. */
  readonly logger: Logger;
}
