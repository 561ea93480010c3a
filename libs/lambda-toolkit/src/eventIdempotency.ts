import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { REPLAY_WINDOW_SECONDS } from '@conveyor/event-types';
import type { Context } from 'aws-lambda';
import { ToolkitError } from './errors.ts';

/** Options of {@link makeEventIdempotency}. */
export interface EventIdempotencyOptions {
  /** The service's idempotency table (partition key `id`, TTL attribute `expiration`). */
  readonly tableName: string;
  /** A DynamoDB client built once per cold start. */
  readonly client: DynamoDBClient;
  /**
   * Namespace of the keys, such as `inventory.onOrderPlaced`. Set explicitly because Powertools
   * otherwise reads `AWS_LAMBDA_FUNCTION_NAME` at construction time, which differs per stage.
   */
  readonly keyPrefix: string;
  /**
   * How long a handled eventId is remembered. Default: `REPLAY_WINDOW_SECONDS` of
   * `@conveyor/event-types` (424 days), as long as a copy can still arrive, a replay from a topic's
   * archive included. A shorter life lets such a copy reach the handler again.
   */
  readonly expiresAfterSeconds?: number;
}

/**
 * The idempotency table a function's environment names in `IDEMPOTENCY_TABLE`. Only the functions
 * that keep eventId records have it (the service's `IdempotencyTable`, in their own
 * `environment`), so it is read where such a function's dependencies are built, not in the
 * service's config that every function reads.
 *
 * @throws ToolkitError when the variable is missing or empty: the cold start fails loudly.
 *
 * @example
 * ```ts
 * const idempotency = makeEventIdempotency({
 *   tableName: idempotencyTableOf(process.env),
 *   client: dynamo,
 *   keyPrefix: 'audit.onAuditInbox',
 * });
 * ```
 */
export const idempotencyTableOf = (env: NodeJS.ProcessEnv): string => {
  const tableName = env['IDEMPOTENCY_TABLE'];
  if (tableName === undefined || tableName === '') {
    throw new ToolkitError(
      'IDEMPOTENCY_TABLE is not set: a function that keeps eventId records needs it in its environment (IDEMPOTENCY_TABLE: !Ref IdempotencyTable in serverless.yml)',
    );
  }
  return tableName;
};

/** Makes functions of an event idempotent on the event's `eventId`. */
export interface EventIdempotency {
  /**
   * Wraps `fn` so that a second call with the same `eventId` returns the stored result instead of
   * running again. `lambdaContextOf` picks the invocation's context out of each call's arguments:
   * an in-progress record expires with that invocation, so a crashed attempt does not block
   * retries.
   */
  readonly wrap: <TArgs extends [{ readonly eventId: string }, ...unknown[]], TResult>(
    fn: (...args: TArgs) => Promise<TResult>,
    lambdaContextOf: (...args: TArgs) => Context,
  ) => (...args: TArgs) => Promise<TResult>;
}

/**
 * Powertools idempotency on `eventId`, persisted in the service's DynamoDB table. It uses only
 * conditional `PutItem`/`UpdateItem`/`DeleteItem`, so it works on dynalite, which has no
 * `TransactWriteItems`. A sequential duplicate returns the stored result; a concurrent duplicate
 * raises `IdempotencyAlreadyInProgressError`, which the SQS handler treats as transient.
 *
 * @example
 * ```ts
 * const idempotency = makeEventIdempotency({ tableName, client: dynamo, keyPrefix: 'inventory.onOrderPlaced' });
 * export const handler = makeSqsEventHandler({ queue: 'inventoryOrders', logger, idempotency, handlers });
 * ```
 */
export const makeEventIdempotency = (options: EventIdempotencyOptions): EventIdempotency => {
  const persistenceStore = new DynamoDBPersistenceLayer({
    tableName: options.tableName,
    awsSdkV3Client: options.client,
  });
  const expiresAfterSeconds = options.expiresAfterSeconds ?? REPLAY_WINDOW_SECONDS;
  return {
    wrap:
      (fn, lambdaContextOf) =>
      async (...args) => {
        // A config per call: it holds the Lambda context, which concurrent invocations must not share.
        const config = new IdempotencyConfig({
          eventKeyJmesPath: 'eventId',
          expiresAfterSeconds,
          throwOnNoIdempotencyKey: true,
          lambdaContext: lambdaContextOf(...args),
        });
        return makeIdempotent(fn, { persistenceStore, config, keyPrefix: options.keyPrefix })(
          ...args,
        );
      },
  };
};
